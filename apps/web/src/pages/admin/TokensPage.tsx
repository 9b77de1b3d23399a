import { expectData, LabApiError, type LabSchemas } from '@lab/api-client';
import {
  Alert,
  Badge,
  Button,
  Code,
  Container,
  CopyButton,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { AdminNav } from './AdminNav';

type Token = LabSchemas['TokenDto'];
type Created = LabSchemas['CreatedTokenDto'];
type Role = LabSchemas['CreateTokenDto']['role'];

const TOKENS_KEY = ['tokens'] as const;

function IssueForm({ onIssued }: { onIssued: (token: Created) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('student');
  const [nameError, setNameError] = useState<string | undefined>();
  const issue = useMutation({
    mutationFn: () => expectData(api.POST('/api/tokens', { body: { name: name.trim(), role } })),
    onSuccess: (token) => {
      setName('');
      void client.invalidateQueries({ queryKey: TOKENS_KEY });
      onIssued(token);
    },
    onError: (error) => {
      const field =
        error instanceof LabApiError ? error.problem?.errors?.find((item) => item.path === 'name') : undefined;
      setNameError(field?.message);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const problem =
      trimmed === '' ? 'Give the token a name' : trimmed.length > 100 ? 'At most 100 characters' : undefined;
    setNameError(problem);
    if (!problem) issue.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="issue-heading">
      <Stack gap="sm">
        <Title order={3} id="issue-heading">
          Issue a token
        </Title>
        <Group align="flex-start">
          <TextInput
            label="Name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={nameError}
            required
          />
          <Select
            label="Role"
            data={[
              { value: 'student', label: 'student' },
              { value: 'leader', label: 'leader' },
            ]}
            value={role}
            onChange={(value) => setRole((value as Role | null) ?? 'student')}
            allowDeselect={false}
          />
        </Group>
        {issue.isError && !nameError && <ErrorView error={issue.error} />}
        <Group>
          <Button type="submit" loading={issue.isPending}>
            Issue token
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function IssuedToken({ token, onDone }: { token: Created; onDone: () => void }) {
  return (
    <Alert color="blue" title={`Token for ${token.name} (${token.role})`} role="status">
      <Stack gap="xs">
        <Text size="sm">Shown this once: only its hash is kept. Copy it now and hand it over.</Text>
        <Code block aria-label="The new token">
          {token.token}
        </Code>
        <Group>
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              // One colour in both states: a colour transition caught half-way reads as low contrast.
              <Button size="xs" onClick={copy}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function status(token: Token): { label: string; color: string } {
  if (token.revokedAt) return { label: 'revoked', color: 'gray.7' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now())
    return { label: 'expired', color: 'gray.7' };
  return { label: 'active', color: 'teal.9' };
}

function TokenList() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: () => expectData(api.GET('/api/tokens')) });
  const [revoking, setRevoking] = useState<Token | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => expectData(api.DELETE('/api/tokens/{id}', { params: { path: { id } } })),
    onSettled: () => void client.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  if (tokens.isPending) return <Loader aria-label="Loading tokens" />;
  if (tokens.isError) return <ErrorView error={tokens.error} onRetry={() => void tokens.refetch()} />;
  return (
    <>
      {revoke.isError && <ErrorView error={revoke.error} />}
      <Table striped>
        <Table.Caption c="gray.7">Every token issued (values are never shown again)</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Issued</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.data.map((token) => {
            const { label, color } = status(token);
            return (
              <Table.Tr key={token.id}>
                <Table.Th scope="row">{token.name}</Table.Th>
                <Table.Td>{token.role}</Table.Td>
                <Table.Td>{new Date(token.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>{token.expiresAt ? new Date(token.expiresAt).toLocaleString() : 'never'}</Table.Td>
                <Table.Td>
                  <Badge color={color}>{label}</Badge>
                </Table.Td>
                <Table.Td>
                  {label === 'active' && (
                    <Button
                      size="compact-sm"
                      variant="outline"
                      color="red.9"
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => setRevoking(token)}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.name ?? ''}?`}
        centered
        closeButtonProps={{ 'aria-label': 'Cancel' }}
      >
        <Stack>
          <Text size="sm">It stops working at once: its browser sessions, streams and terminals end.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button
              data-autofocus
              color="red.9"
              onClick={() => {
                if (revoking) revoke.mutate(revoking.id);
                setRevoking(null);
              }}
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Admins: issue student and leader tokens (shown once, with a copy button), list and revoke them. */
export function Component() {
  const [issued, setIssued] = useState<Created | null>(null);
  return (
    <Container py="xl" size="lg">
      <Stack gap="lg">
        <Title order={2}>Tokens</Title>
        <AdminNav />
        {issued && <IssuedToken token={issued} onDone={() => setIssued(null)} />}
        <IssueForm onIssued={setIssued} />
        <TokenList />
      </Stack>
    </Container>
  );
}
