import { Anchor, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { LabApiError } from '@lab/api-client';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { safeNext, useSession, useSignIn } from '../../api/session';
import { ErrorView, fieldErrors } from '../../components/ErrorView';

/**
 * Sign-in with an access token. The token goes to `POST /api/session` only: the answer sets an
 * HttpOnly cookie and the field is emptied, so no script (nor storage) keeps it.
 */
export function Component() {
  const [token, setToken] = useState('');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();

  // A refused token belongs at the field; anything else (API away, a quota) above the form.
  const error = signIn.error;
  const tokenError =
    error instanceof LabApiError && (error.status === 401 || error.status === 400)
      ? (fieldErrors(error).token ?? error.problem?.detail ?? 'This token was refused.')
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(token.trim(), {
      onSuccess: () => {
        setToken('');
        void navigate(next, { replace: true });
      },
    });
  };

  return (
    <Container size="xs" py="xl">
      <Stack>
        <Title order={2}>Sign in</Title>
        {session.data && (
          <Text>
            You are signed in as {session.data.name} ({session.data.role}).{' '}
            <Anchor component={Link} to={next}>
              Continue
            </Anchor>
          </Text>
        )}
        <Text>
          Paste the access token your teacher or administrator gave you. It stays on the server: this page keeps only a
          session cookie that scripts cannot read.
        </Text>
        {error && !tokenError && (
          <ErrorView error={error} onRetry={() => signIn.mutate(signIn.variables ?? token.trim())} />
        )}
        <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} aria-label="Sign in with a token">
          <Stack>
            <PasswordInput
              label="Access token"
              required
              autoComplete="current-password"
              value={token}
              onChange={(event) => setToken(event.currentTarget.value)}
              error={tokenError}
            />
            <Button type="submit" loading={signIn.isPending} disabled={token.trim() === ''}>
              Sign in
            </Button>
          </Stack>
        </Paper>
        <Text size="sm">
          In a workshop?{' '}
          <Anchor component={Link} to="/join">
            Join with the workshop code
          </Anchor>{' '}
          instead.
        </Text>
      </Stack>
    </Container>
  );
}
