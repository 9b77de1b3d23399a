import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { LabApiError } from '@lab/api-client';
import { Link, useLocation } from 'react-router';
import { useSessionEnded } from '../api/session-ended';

export interface DescribedError {
  title: string;
  detail: string;
  /** Signing in (again) is what helps. */
  signIn: boolean;
  /** Trying again may help (the API could not be reached, or failed on its side). */
  retryable: boolean;
}

export const SESSION_ENDED_TITLE = 'Your session has ended — sign in again';
export const UNREACHABLE_TITLE = 'The lab’s API cannot be reached';

/**
 * What went wrong, in words a student can act on: never a blank page or a stack trace. A problem
 * document (RFC 9457) says it best: its title and detail are shown as the API wrote them (a quota's
 * 429 included). `sessionEnded`: this tab was signed in, so a 401 means the session ended.
 */
export function describeError(error: unknown, options: { sessionEnded?: boolean } = {}): DescribedError {
  if (error instanceof LabApiError) {
    if (error.status === 401) {
      return options.sessionEnded
        ? {
            title: SESSION_ENDED_TITLE,
            detail: 'You were signed out, the session expired, or its token was revoked.',
            signIn: true,
            retryable: false,
          }
        : { title: 'Sign in to continue', detail: 'This needs you to be signed in.', signIn: true, retryable: false };
    }
    return {
      title: error.problem?.title ?? `The API answered ${error.status}`,
      detail: error.problem?.detail ?? 'No detail was given.',
      signIn: false,
      retryable: error.status >= 500 || error.status === 429,
    };
  }
  // fetch() rejects with a TypeError when no answer came at all (refused, reset, offline); so does
  // the import of a page's code that could not be loaded from the same server.
  if (error instanceof TypeError) {
    return {
      title: UNREACHABLE_TITLE,
      detail: 'The server may be down or restarting, or the network is gone. Try again in a moment.',
      signIn: false,
      retryable: true,
    };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
    signIn: false,
    retryable: true,
  };
}

/** Field errors of a 400 problem (`errors: [{path, message}]`), one message per field path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof LabApiError) || !error.problem?.errors) return {};
  const byPath: Record<string, string> = {};
  for (const { path, message } of error.problem.errors) {
    byPath[path] = byPath[path] ? `${byPath[path]}; ${message}` : message;
  }
  return byPath;
}

/** The URL of the sign-in page that comes back here afterwards. */
export function signInHref(path: string): string {
  return path.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
}

export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const sessionEnded = useSessionEnded();
  const location = useLocation();
  const { title, detail, signIn, retryable } = describeError(error, { sessionEnded });
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="sm">
        <Text size="sm">{detail}</Text>
        <Group>
          {onRetry && retryable && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          )}
          {signIn && (
            <Button size="xs" component={Link} to={signInHref(`${location.pathname}${location.search}`)}>
              Sign in
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
