import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { expectData } from '@lab/api-client';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { timeLeft } from './time-left';

export const SANDBOXES_KEY = ['sandboxes'] as const;

const STATE_COLOR: Record<string, string> = { ready: 'teal', failed: 'red', provisioning: 'blue', resetting: 'blue' };

/** The signed-in user's sandboxes (not the deleted ones), refreshed so states and time left stay current. */
export function YourSandboxes() {
  const sandboxes = useQuery({
    queryKey: SANDBOXES_KEY,
    queryFn: () => expectData(api.GET('/api/sandboxes')),
    refetchInterval: 15_000,
  });
  const live = (sandboxes.data ?? []).filter((sandbox) => sandbox.state !== 'deleted');
  return (
    <Stack gap="sm" component="section" aria-labelledby="your-sandboxes">
      <Title order={2} id="your-sandboxes">
        Your sandboxes
      </Title>
      {sandboxes.isError && <ErrorView error={sandboxes.error} onRetry={() => void sandboxes.refetch()} />}
      {sandboxes.isPending && <Text size="sm">Loading your sandboxes…</Text>}
      {sandboxes.isSuccess && live.length === 0 && <Text size="sm">None yet: launch an example below.</Text>}
      {live.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Example</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Time left</Table.Th>
                <Table.Th scope="col">Workspace</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.map((sandbox) => (
                <Table.Tr key={sandbox.id}>
                  <Table.Td>{sandbox.example}</Table.Td>
                  <Table.Td>
                    <Badge variant="filled" color={`${STATE_COLOR[sandbox.state] ?? 'gray'}.9`}>
                      {sandbox.state}
                    </Badge>
                    {sandbox.reason && <Text size="xs">{sandbox.reason}</Text>}
                  </Table.Td>
                  <Table.Td>{timeLeft(sandbox.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/sandboxes/${sandbox.id}`}
                      aria-label={`Open ${sandbox.example} (${sandbox.id})`}
                    >
                      Open {sandbox.id}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
