import {
  Alert,
  Button,
  Checkbox,
  Code,
  Container,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { expectData, LabApiError, type LabSchemas } from '@lab/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { SESSION_KEY } from '../../api/session';
import { rememberSession } from '../../api/session-ended';
import { ErrorView, fieldErrors } from '../../components/ErrorView';

type JoinRequest = LabSchemas['JoinWorkshopDto'];

/** What the page keeps of a join: never the seat's token (the cookie carries the session). */
interface Seat {
  seat: number;
  sandboxId: string;
  expiresAt: string;
  /** Only at the first join, shown this once. */
  secret?: string;
}

const PROBLEM = 'urn:backend-lab:problem:';

/** Which field a refused join belongs to, so the message appears where the mistake is. */
function errorsByField(error: unknown, rejoining: boolean): { code?: string; name?: string; secret?: string } {
  if (!(error instanceof LabApiError)) return {};
  const fields = fieldErrors(error);
  const detail = error.problem?.detail;
  const type = error.problem?.type;
  if (type === `${PROBLEM}invalid-join-code`) return { code: detail };
  if (type === `${PROBLEM}seat-taken`) return rejoining ? { secret: detail } : { name: detail };
  return { code: fields.code, name: fields.name, secret: fields.secret };
}

/**
 * A workshop seat from its join code: code + name → seat, signed in with the seat's session cookie.
 * The rejoin secret is shown once with a copy button; the same name with that secret gets the seat
 * back from another browser.
 */
export function Component() {
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [name, setName] = useState('');
  const [rejoining, setRejoining] = useState(false);
  const [secret, setSecret] = useState('');
  const queryClient = useQueryClient();

  const join = useMutation({
    mutationFn: async (body: JoinRequest): Promise<Seat> => {
      const joined = await expectData(api.POST('/api/workshops/join', { body }));
      // The token in the body is for API clients; the browser is already signed in by the cookie.
      return { seat: joined.seat, sandboxId: joined.sandboxId, expiresAt: joined.expiresAt, secret: joined.secret };
    },
    onSuccess: async () => {
      rememberSession();
      setSecret('');
      await queryClient.invalidateQueries();
      await queryClient.refetchQueries({ queryKey: SESSION_KEY });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate({ code: code.trim(), name: name.trim(), ...(rejoining ? { secret: secret.trim() } : {}) });
  };

  if (join.data) return <Joined seat={join.data} />;

  const atField = errorsByField(join.error, join.variables?.secret !== undefined);
  const shownAtField = Boolean(atField.code ?? atField.name ?? atField.secret);

  return (
    <Container size="xs" py="xl">
      <Stack>
        <Title order={2}>Join a workshop</Title>
        <Text>Enter the code your workshop leader gave you and the name they will see.</Text>
        {join.error !== null && !shownAtField && <ErrorView error={join.error} />}
        <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} aria-label="Join a workshop">
          <Stack>
            <TextInput
              label="Workshop code"
              required
              autoComplete="off"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={atField.code}
            />
            <TextInput
              label="Your name"
              required
              autoComplete="nickname"
              maxLength={60}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={atField.name}
            />
            <Checkbox
              label="I joined before: rejoin my seat with my rejoin secret"
              checked={rejoining}
              onChange={(event) => setRejoining(event.currentTarget.checked)}
            />
            {rejoining && (
              <TextInput
                label="Rejoin secret"
                required
                autoComplete="off"
                spellCheck={false}
                value={secret}
                onChange={(event) => setSecret(event.currentTarget.value)}
                error={atField.secret}
              />
            )}
            <Button type="submit" loading={join.isPending}>
              {rejoining ? 'Rejoin my seat' : 'Join'}
            </Button>
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}

function Joined({ seat }: { seat: Seat }) {
  const ends = new Date(seat.expiresAt).toLocaleString();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={2}>{seat.secret ? `You have seat ${seat.seat}` : `Welcome back to seat ${seat.seat}`}</Title>
        {seat.secret && (
          <Alert color="yellow" title="Keep your rejoin secret: it is shown only this once" role="status">
            <Stack gap="sm">
              <Text size="sm">
                With your name and this secret you get your seat back from another browser or computer. Nobody can show
                it to you again; if you lose it, ask your workshop leader to release your seat.
              </Text>
              <Group gap="sm">
                <Code fz="md" data-testid="rejoin-secret">
                  {seat.secret}
                </Code>
                <CopyButton value={seat.secret} timeout={3000}>
                  {({ copied, copy }) => (
                    <Button
                      size="xs"
                      variant={copied ? 'filled' : 'light'}
                      color={copied ? 'teal' : undefined}
                      onClick={copy}
                    >
                      {copied ? 'Copied' : 'Copy the secret'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
        <Text>You are signed in for this workshop until {ends}.</Text>
        <Group>
          <Button component={Link} to={`/sandboxes/${seat.sandboxId}`}>
            Open your workspace
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
