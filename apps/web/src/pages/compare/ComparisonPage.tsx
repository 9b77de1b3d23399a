import { expectData } from '@lab/api-client';
import { Anchor, Code, Container, Group, Loader, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { ComparisonCharts } from './charts/ComparisonCharts';
import { QueryPlans } from './plans/QueryPlans';

interface ProgressEvent {
  phase: string;
  engine?: string;
  repetition?: number;
  elapsedMs?: number;
  totalMs?: number;
  completed?: number;
  errors?: number;
}

/** One comparison: live progress while it runs (SSE), then the numbers per engine × operation. */
export function Component() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ProgressEvent | undefined>();
  const comparison = useQuery({
    queryKey: ['comparison', id],
    queryFn: () => expectData(api.GET('/api/comparisons/{id}', { params: { path: { id } } })),
  });
  const running = comparison.data?.state === 'running';

  useEffect(() => {
    if (!running) return undefined;
    const source = new EventSource(`/api/comparisons/${encodeURIComponent(id)}/events`);
    source.addEventListener('progress', (event) =>
      setProgress(JSON.parse((event as MessageEvent<string>).data) as ProgressEvent),
    );
    source.addEventListener('state', () => {
      source.close();
      void queryClient.invalidateQueries({ queryKey: ['comparison', id] });
    });
    return () => source.close();
  }, [running, id, queryClient]);

  if (comparison.isLoading) return <Loader aria-label="Loading the comparison" m="xl" />;
  if (comparison.error) {
    return (
      <Container py="xl">
        <ErrorView error={comparison.error} onRetry={() => void comparison.refetch()} />
      </Container>
    );
  }
  const c = comparison.data!;
  const report = (format: string) => `/api/comparisons/${encodeURIComponent(c.id)}/report.${format}`;
  return (
    <Container py="xl" size="xl">
      <Stack>
        <Title order={2}>
          Comparison: {c.workload}{' '}
          <Text span fw={700} inherit>
            ({c.state})
          </Text>
        </Title>
        <Text>
          {c.engines.join(', ')} · {c.rate} op/s · {c.durationSeconds} s × {c.repetitions} · sandbox {c.sandboxId}
        </Text>
        {running && (
          <Stack gap={4} aria-live="polite">
            <Text>
              {progress
                ? `${progress.phase}${progress.engine ? ` ${progress.engine}` : ''}${progress.repetition ? ` #${progress.repetition}` : ''}${
                    progress.completed !== undefined ? ` · ${progress.completed} operations done` : ''
                  }`
                : 'Starting…'}
            </Text>
            {progress?.totalMs ? (
              <Progress
                value={Math.min(100, ((progress.elapsedMs ?? 0) / progress.totalMs) * 100)}
                aria-label="Progress of the current repetition"
              />
            ) : null}
          </Stack>
        )}
        {c.error && (
          <Stack gap={4} role="alert">
            <Text fw={700}>The comparison failed</Text>
            <Code block>{c.error}</Code>
          </Stack>
        )}
        {c.unreliable && (
          <Text role="status">
            <strong>Unreliable numbers:</strong> The client’s CPU or its schedule lag set the pace in some repetition:
            see the repetitions in the report.
          </Text>
        )}
        {c.results && (
          <>
            <Group>
              <Anchor href={report('md')}>Report (Markdown)</Anchor>
              <Anchor href={report('json')}>JSON</Anchor>
              <Anchor href={report('csv')}>CSV</Anchor>
            </Group>
            <Text>Latency in ms from each operation’s intended start; closed-loop p99 for contrast.</Text>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  {[
                    'Engine',
                    'Operation',
                    'op/s',
                    'p50',
                    'p90',
                    'p99',
                    'p99.9',
                    'max',
                    'closed-loop p99',
                    'errors',
                  ].map((h) => (
                    <Table.Th key={h}>{h}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.results.flatMap((engine) =>
                  engine.operations.map((op) => (
                    <Table.Tr key={`${engine.engine}-${op.operation}`}>
                      <Table.Td>
                        {engine.engine} <Text span>({engine.model})</Text>
                      </Table.Td>
                      <Table.Td title={engine.statements[op.operation]}>{op.operation}</Table.Td>
                      <Table.Td>{op.throughput}</Table.Td>
                      <Table.Td>{op.latency.p50}</Table.Td>
                      <Table.Td>{op.latency.p90}</Table.Td>
                      <Table.Td>{op.latency.p99}</Table.Td>
                      <Table.Td>{op.latency.p999}</Table.Td>
                      <Table.Td>{op.latency.max}</Table.Td>
                      <Table.Td>{op.uncorrected.p99}</Table.Td>
                      <Table.Td>{op.errors}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
            <ComparisonCharts results={c.results} />
            <QueryPlans results={c.results} />
          </>
        )}
      </Stack>
    </Container>
  );
}
