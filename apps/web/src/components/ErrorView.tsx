import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { LabApiError } from '@lab/api-client';
import { Link } from 'react-router';

/** What went wrong, in words a student can act on: never a blank page or a stack trace. */
export function describeError(error: unknown): { title: string; detail: string; signIn: boolean } {
  if (error instanceof LabApiError) {
    const title = error.problem?.title ?? `The API answered ${error.status}`;
    const detail = error.problem?.detail ?? 'No detail was given.';
    return { title, detail, signIn: error.status === 401 };
  }
  if (error instanceof TypeError) {
    return {
      title: 'The lab’s API cannot be reached',
      detail: 'The server may be down or restarting, or the network is gone. Try again in a moment.',
      signIn: false,
    };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
    signIn: false,
  };
}

export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, detail, signIn } = describeError(error);
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="sm">
        <Text size="sm">{detail}</Text>
        <Group>
          {onRetry && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          )}
          {signIn && (
            <Button size="xs" component={Link} to="/sign-in">
              Sign in
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
