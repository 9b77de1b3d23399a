import { expectData, type LabSchemas } from '@lab/api-client';
import { Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { ErrorView } from '../../../components/ErrorView';
import { historyKey } from '../sandbox-data';
import { StatusBadge } from '../StatusBadge';

export type HistoryEntry = LabSchemas['ConsoleHistoryEntryDto'];

/** The sandbox's last console statements, newest first; choosing one loads it into the editor. */
export function HistoryList({ sandboxId, onPick }: { sandboxId: string; onPick: (entry: HistoryEntry) => void }) {
  const history = useQuery({
    queryKey: historyKey(sandboxId),
    queryFn: () => expectData(api.GET('/api/sandboxes/{id}/queries', { params: { path: { id: sandboxId } } })),
  });
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-title">
      <Title order={3} size="h5" id="history-title">
        History
      </Title>
      {history.error && <ErrorView error={history.error} onRetry={() => void history.refetch()} />}
      {history.data?.length === 0 && <Text size="sm">No statements yet.</Text>}
      <Stack
        gap={4}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 480, overflow: 'auto' }}
      >
        {history.data?.map((entry) => (
          <li key={entry.id}>
            <UnstyledButton
              onClick={() => onPick(entry)}
              w="100%"
              p={6}
              style={{ borderRadius: 4, border: '1px solid var(--mantine-color-default-border)' }}
            >
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                  {entry.statement}
                </Text>
                <StatusBadge color={entry.ok ? 'green' : 'red'}>{entry.ok ? 'ok' : 'error'}</StatusBadge>
              </Group>
              <Text size="xs">
                {entry.service} · {new Date(entry.ranAt).toLocaleTimeString()}
                {entry.rowCount !== undefined ? ` · ${entry.rowCount} rows` : ''}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}
