import { expectData } from '@lab/api-client';
import {
  Anchor,
  Button,
  Checkbox,
  Container,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';

const ENGINES = ['postgresql', 'postgresql-jsonb', 'mariadb', 'redis', 'mongodb'] as const;
type EngineName = (typeof ENGINES)[number];

/** Choose a sandbox, a workload and the engines; start; earlier comparisons below. */
export function Component() {
  const navigate = useNavigate();
  const sandboxes = useQuery({ queryKey: ['sandboxes'], queryFn: () => expectData(api.GET('/api/sandboxes')) });
  const comparisons = useQuery({ queryKey: ['comparisons'], queryFn: () => expectData(api.GET('/api/comparisons')) });
  const workloads = useQuery({
    queryKey: ['comparison-workloads'],
    queryFn: () => expectData(api.GET('/api/comparisons/workloads')),
  });
  const [sandbox, setSandbox] = useState<string | null>(null);
  const [workload, setWorkload] = useState<string | null>('ycsb-b');
  const [engines, setEngines] = useState<string[]>(['postgresql', 'mariadb', 'redis']);
  const [rate, setRate] = useState<number | string>(100);
  const [duration, setDuration] = useState<number | string>(5);
  const start = useMutation({
    mutationFn: () =>
      expectData(
        api.POST('/api/comparisons', {
          body: {
            sandbox: sandbox!,
            workload: workload!,
            engines: engines as EngineName[],
            rate: Number(rate),
            durationSeconds: Number(duration),
          },
        }),
      ),
    onSuccess: (started) => navigate(`/compare/${started.id}`),
  });
  const ready = (sandboxes.data ?? []).filter((s) => s.state === 'ready');
  // The chosen sandbox's example's workloads (the API lists every example's); before a choice, all.
  const example = ready.find((s) => s.id === sandbox)?.example;
  const offered = (workloads.data ?? []).filter((w) => !example || w.example === example);
  const chosen = offered.find((w) => w.name === workload);

  return (
    <Container py="xl">
      <Stack>
        <Title order={2}>Compare databases</Title>
        <Text>
          One workload on several engines of a sandbox, one engine after another. Every answer is checked against the
          seed first; latency counts from each operation’s intended start.
        </Text>
        {sandboxes.error && <ErrorView error={sandboxes.error} onRetry={() => void sandboxes.refetch()} />}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <Stack gap="sm" maw={520}>
            <Select
              label="Sandbox"
              placeholder={sandboxes.isLoading ? 'Loading…' : 'A ready sandbox (e.g. of the compare example)'}
              data={ready.map((s) => ({ value: s.id, label: `${s.id} · ${s.example}` }))}
              value={sandbox}
              onChange={setSandbox}
              required
            />
            <Select
              label="Workload"
              placeholder={workloads.isLoading ? 'Loading…' : 'A workload of the example'}
              data={[...new Set(offered.map((w) => w.name))]}
              value={workload}
              onChange={(name) => {
                setWorkload(name);
                // The workload's own defaults, which the fields below then override.
                const picked = offered.find((w) => w.name === name);
                if (picked) {
                  setRate(picked.rate);
                  setDuration(picked.durationSeconds);
                }
              }}
              required
            />
            {/* Plain text, not the field's dimmed description: that grey fails the contrast check. */}
            {chosen && (
              <Text size="sm">
                {chosen.description} Operations: {chosen.operations.map((o) => `${o.name} ${o.weight}`).join(', ')};{' '}
                {chosen.keys.distribution} keys.
              </Text>
            )}
            {workloads.error && <ErrorView error={workloads.error} onRetry={() => void workloads.refetch()} />}
            <Checkbox.Group label="Engines, in the order they run" value={engines} onChange={setEngines}>
              <Group mt="xs">
                {ENGINES.map((engine) => (
                  <Checkbox key={engine} value={engine} label={engine} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group grow>
              <NumberInput label="Rate (operations per second)" min={1} value={rate} onChange={setRate} />
              <NumberInput label="Duration (seconds per repetition)" min={1} value={duration} onChange={setDuration} />
            </Group>
            {start.error && <ErrorView error={start.error} />}
            <Group>
              <Button type="submit" loading={start.isPending} disabled={!sandbox || !workload || engines.length === 0}>
                Start comparison
              </Button>
            </Group>
          </Stack>
        </form>
        <Title order={3}>Your comparisons</Title>
        {comparisons.isLoading && <Loader aria-label="Loading comparisons" />}
        {comparisons.error && <ErrorView error={comparisons.error} onRetry={() => void comparisons.refetch()} />}
        {comparisons.data && comparisons.data.length === 0 && <Text>None yet.</Text>}
        {comparisons.data && comparisons.data.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workload</Table.Th>
                <Table.Th>Engines</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Started</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {comparisons.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/compare/${c.id}`}>
                      {c.workload}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.engines.join(', ')}</Table.Td>
                  <Table.Td>{c.state}</Table.Td>
                  <Table.Td>{new Date(c.createdAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Container>
  );
}
