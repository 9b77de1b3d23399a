import '@mantine/charts/styles.css';
import { expectData, type LabSchemas } from '@lab/api-client';
import { LineChart } from '@mantine/charts';
import { Badge, Container, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import { AdminNav } from './AdminNav';

type System = LabSchemas['SystemDto'];

function Status({ name, status, detail }: { name: string; status: 'up' | 'down'; detail?: string }) {
  return (
    <Paper withBorder p="md">
      <Text fw={600}>{name}</Text>
      <Badge color={status === 'up' ? 'teal.9' : 'red.9'} mt={4}>
        {status}
      </Badge>
      {detail && (
        <Text size="sm" c="red.9" mt={4}>
          {detail}
        </Text>
      )}
    </Paper>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm">{label}</Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

const seconds = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(1)} s`);

function HourChart({ samples }: { samples: System['samples'] }) {
  if (samples.length < 2)
    return <Text size="sm">The chart fills in as the API samples its metrics (one sample a minute).</Text>;
  const data = samples.map((sample) => ({
    ...sample,
    time: new Date(sample.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
  }));
  return (
    <figure style={{ margin: 0 }}>
      <LineChart
        h={260}
        data={data}
        dataKey="time"
        withLegend
        series={[
          { name: 'ready', label: 'Ready sandboxes', color: 'teal.9' },
          { name: 'provisioning', label: 'Provisioning', color: 'blue.9' },
          { name: 'failed', label: 'Failed', color: 'red.9' },
          { name: 'queued', label: 'Operations queued', color: 'grape.9' },
        ]}
        curveType="linear"
      />
      <figcaption>
        <Text size="sm">
          The last hour: sandboxes by state and queued operations, sampled once a minute from the API’s own metrics
          (latest: {samples.at(-1)!.ready} ready, {samples.at(-1)!.queued} queued).
        </Text>
      </figcaption>
    </figure>
  );
}

/** Admins: engine and database status, sandboxes, provisioning times, queue, warm pools and the last hour. */
export function Component() {
  const system = useQuery({
    queryKey: ['system'],
    queryFn: () => expectData(api.GET('/api/system')),
    refetchInterval: 15_000,
  });
  if (system.isPending) return <Loader aria-label="Loading the system summary" m="xl" />;
  if (system.isError)
    return (
      <Container py="xl">
        <Title order={2} mb="md">
          System
        </Title>
        <ErrorView error={system.error} onRetry={() => void system.refetch()} />
      </Container>
    );
  const data = system.data;
  return (
    <Container py="xl" size="lg">
      <Stack gap="lg">
        <Title order={2}>System</Title>
        <AdminNav />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Status name="Docker engine" status={data.docker.status} detail={data.docker.detail} />
          <Status
            name={`State database (${data.database.kind})`}
            status={data.database.status}
            detail={data.database.detail}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure label="Provisioning p50" value={seconds(data.provisioning.p50Seconds)} />
          <Figure label="Provisioning p95" value={seconds(data.provisioning.p95Seconds)} />
          <Figure label="Operations running" value={String(data.operations.running)} />
          <Figure label="Operations queued" value={String(data.operations.queued)} />
        </SimpleGrid>
        <Text size="sm">
          Provisioning times over {data.provisioning.count} sandbox(es) made ready since the API started.
        </Text>
        <Group align="flex-start" grow>
          <Table striped>
            <Table.Caption c="gray.7">Sandboxes by state</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Sandboxes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.sandboxes.map((entry) => (
                <Table.Tr key={entry.state}>
                  <Table.Th scope="row">{entry.state}</Table.Th>
                  <Table.Td>{entry.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table striped>
            <Table.Caption c="gray.7">Warm pool per example (LAB_WARM_POOL)</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Example</Table.Th>
                <Table.Th scope="col">Ready / size</Table.Th>
                <Table.Th scope="col">Provisioning</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.warmPool.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={3}>No warm pool configured</Table.Td>
                </Table.Tr>
              ) : (
                data.warmPool.map((pool) => (
                  <Table.Tr key={pool.example}>
                    <Table.Th scope="row">{pool.example}</Table.Th>
                    <Table.Td>
                      {pool.ready} / {pool.size}
                    </Table.Td>
                    <Table.Td>{pool.provisioning}</Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Group>
        <Title order={3}>The last hour</Title>
        <HourChart samples={data.samples} />
      </Stack>
    </Container>
  );
}
