import { expectData } from '@lab/api-client';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Container,
  Group,
  Loader,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorView } from '../../components/ErrorView';
import {
  ago,
  timeLeft,
  useNow,
  useWorkshop,
  useWorkshopEvents,
  workshopKey,
  type Seat,
  type Workshop,
} from './workshop-data';

type Filter = 'all' | 'stuck' | 'idle' | 'failed';

/** A seat whose sandbox ends within this is marked (the workshop's end removes every seat). */
const EXPIRY_WARNING_MS = 5 * 60_000;

/** Dark shades: white badge text keeps AA contrast (the state is also written out). */
const STATE_COLOR: Record<string, string> = {
  ready: 'teal.9',
  provisioning: 'blue.9',
  resetting: 'grape.9',
  failed: 'red.9',
  stopping: 'gray.7',
  deleted: 'gray.7',
};

/**
 * When each seat's count of passed steps last changed, as this page saw it (the joining time at
 * first): "stuck" is no new step passed for N minutes.
 */
function useProgressSince(seats: Seat[]): Map<number, number> {
  const seen = useRef(new Map<number, { passed: number; since: number }>());
  const now = Date.now();
  for (const seat of seats) {
    const passed = seat.progress?.passed ?? 0;
    const known = seen.current.get(seat.seat);
    if (!known) {
      const joined = seat.joinedAt ? new Date(seat.joinedAt).getTime() : now;
      seen.current.set(seat.seat, { passed, since: joined });
    } else if (known.passed !== passed) seen.current.set(seat.seat, { passed, since: now });
  }
  return new Map([...seen.current].map(([seat, value]) => [seat, value.since]));
}

function matches(filter: Filter, seat: Seat, minutes: number, now: number, progressSince: number | undefined): boolean {
  const limit = minutes * 60_000;
  const finished = seat.progress !== undefined && seat.progress.passed === seat.progress.total;
  switch (filter) {
    case 'all':
      return true;
    case 'failed':
      return seat.state === 'failed';
    case 'idle': {
      if (!seat.student) return false;
      const last = seat.lastActivityAt ?? seat.joinedAt;
      return last !== undefined && now - new Date(last).getTime() > limit;
    }
    case 'stuck':
      return Boolean(seat.student) && !finished && progressSince !== undefined && now - progressSince > limit;
  }
}

/** One step per cell: ✓ passed, · not (text and colour, so colour is not the only signal). */
function StepGrid({ seat }: { seat: Seat }) {
  if (!seat.progress) return <Text size="sm">not evaluated</Text>;
  return (
    <Group gap={4} role="list" aria-label={`Steps of seat ${seat.seat}`} wrap="nowrap">
      {seat.progress.steps.map((step) => (
        <Tooltip key={step.id} label={step.title}>
          <Badge
            role="listitem"
            aria-label={`${step.title}: ${step.passed ? 'passed' : 'not passed'}`}
            color={step.passed ? 'teal.9' : 'gray.7'}
            variant={step.passed ? 'filled' : 'outline'}
            radius="sm"
            size="md"
            tabIndex={0}
          >
            {step.passed ? '✓' : '·'}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

function currentStep(seat: Seat): string {
  if (!seat.progress) return '—';
  const next = seat.progress.steps.find((step) => !step.passed);
  return next ? next.title : 'all done';
}

function ResetCell({ seat }: { seat: Seat }) {
  const reset = seat.lastReset;
  if (!reset) return <Text size="sm">never</Text>;
  if (reset.state === 'pending')
    return (
      <Group gap={4} wrap="nowrap">
        <Loader size="xs" aria-hidden />
        <Text size="sm">resetting…</Text>
      </Group>
    );
  return (
    <Text size="sm" c={reset.state === 'failed' ? 'red.9' : undefined}>
      {reset.state === 'done' ? 'reset done' : 'reset failed'}
      {reset.method === 'recreate' ? ' (recreated)' : ''}
    </Text>
  );
}

interface Confirm {
  title: string;
  body: string;
  action: string;
  run: () => void;
  danger?: boolean;
}

/** The live class board of one workshop: a row per seat, filters and the leader's actions. */
export function Component() {
  const { id = '' } = useParams();
  const workshop = useWorkshop(id);
  const stream = useWorkshopEvents(id);
  if (workshop.isPending) return <Loader aria-label="Loading the workshop" m="xl" />;
  if (workshop.isError)
    return (
      <Container py="xl">
        <Title order={2} mb="md">
          Class board
        </Title>
        <ErrorView error={workshop.error} onRetry={() => void workshop.refetch()} />
      </Container>
    );
  return <Board workshop={workshop.data} live={stream === 'live'} />;
}

function Board({ workshop, live }: { workshop: Workshop; live: boolean }) {
  const client = useQueryClient();
  const now = useNow(10_000);
  const [filter, setFilter] = useState<Filter>('all');
  const [minutes, setMinutes] = useState<number | string>(10);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [extendBy, setExtendBy] = useState<string | null>('15');
  const progressSince = useProgressSince(workshop.seats);
  const ended = Boolean(workshop.endedAt) || new Date(workshop.endsAt).getTime() <= now;
  const endsSoon = !ended && new Date(workshop.endsAt).getTime() - now <= EXPIRY_WARNING_MS;
  const id = workshop.id;

  const refresh = (data?: Workshop) => {
    if (data) client.setQueryData(workshopKey(id), data);
    else void client.invalidateQueries({ queryKey: workshopKey(id) });
  };
  const reset = useMutation({
    mutationFn: (seats?: number[]) =>
      expectData(api.POST('/api/workshops/{id}/reset', { params: { path: { id } }, body: seats ? { seats } : {} })),
    onSuccess: () => {
      setSelected(new Set());
      refresh();
    },
  });
  const release = useMutation({
    mutationFn: (seat: number) =>
      expectData(api.POST('/api/workshops/{id}/seats/{seat}/release', { params: { path: { id, seat } } })),
    onSuccess: () => refresh(),
  });
  const extend = useMutation({
    mutationFn: (by: number) =>
      expectData(api.POST('/api/workshops/{id}/extend', { params: { path: { id } }, body: { minutes: by } })),
    onSuccess: refresh,
  });
  const end = useMutation({
    mutationFn: () => expectData(api.DELETE('/api/workshops/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const evaluate = useMutation({
    mutationFn: () =>
      expectData(api.GET('/api/workshops/{id}', { params: { path: { id }, query: { refresh: 'true' } } })),
    onSuccess: refresh,
  });
  const failure = [reset, release, extend, end, evaluate].find((mutation) => mutation.isError)?.error;

  const limit = typeof minutes === 'number' && minutes > 0 ? minutes : 10;
  const rows = useMemo(
    () => workshop.seats.filter((seat) => matches(filter, seat, limit, now, progressSince.get(seat.seat))),
    [workshop.seats, filter, limit, now, progressSince],
  );
  const joined = workshop.seats.filter((seat) => seat.student).length;
  const toggle = (seat: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(seat)) next.delete(seat);
      else next.add(seat);
      return next;
    });
  const allShownSelected = rows.length > 0 && rows.every((seat) => selected.has(seat.seat));

  const ask = (next: Confirm) => setConfirm(next);
  const closeConfirm = () => setConfirm(null);

  return (
    <Container py="xl" size="xl">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2}>Class board: {workshop.example}</Title>
            <Text size="sm" c="gray.7">
              {joined} of {workshop.capacity} seats joined ·{' '}
              {ended ? 'ended' : `${timeLeft(workshop.endsAt, now)} left`} ·{' '}
              <span aria-live="polite">{live ? 'live' : 'connecting…'}</span>
            </Text>
          </div>
          {!ended && (
            <Anchor component={Link} to={`/workshops/${id}/join-screen`}>
              Join screen
            </Anchor>
          )}
        </Group>

        {endsSoon && (
          <Alert color="red" title="The workshop ends soon" role="alert">
            Every seat is removed in {timeLeft(workshop.endsAt, now)}. Extend the workshop to keep them.
          </Alert>
        )}
        {failure !== undefined && <ErrorView error={failure} />}

        <Group gap="sm" role="toolbar" aria-label="Workshop actions">
          <Button
            disabled={ended || selected.size === 0}
            onClick={() =>
              ask({
                title: `Reset ${selected.size} seat(s)?`,
                body: 'Their data goes back to the seed; the students lose what they changed.',
                action: 'Reset selected',
                run: () => reset.mutate([...selected].sort((a, b) => a - b)),
              })
            }
          >
            Reset selected ({selected.size})
          </Button>
          <Button
            disabled={ended}
            onClick={() =>
              ask({
                title: 'Reset every seat?',
                body: `All ${workshop.capacity} seats go back to the seed; the students lose what they changed.`,
                action: 'Reset all seats',
                run: () => reset.mutate(undefined),
              })
            }
          >
            Reset all
          </Button>
          <Button variant="light" loading={evaluate.isPending} disabled={ended} onClick={() => evaluate.mutate()}>
            Evaluate progress now
          </Button>
          <Group gap={4}>
            <Select
              aria-label="Extend by"
              data={[
                { value: '15', label: '15 min' },
                { value: '30', label: '30 min' },
                { value: '60', label: '1 hour' },
              ]}
              value={extendBy}
              onChange={setExtendBy}
              w={110}
              allowDeselect={false}
              disabled={ended}
            />
            <Button
              variant="light"
              disabled={ended}
              loading={extend.isPending}
              onClick={() => extend.mutate(Number(extendBy ?? '15'))}
            >
              Extend
            </Button>
          </Group>
          <Button
            color="red.9"
            variant="outline"
            disabled={ended}
            onClick={() =>
              ask({
                title: 'End the workshop now?',
                body: 'Every seat token stops working and every seat is removed. This cannot be undone.',
                action: 'End workshop',
                run: () => end.mutate(),
                danger: true,
              })
            }
          >
            End workshop
          </Button>
        </Group>

        <Group gap="md" align="flex-end">
          <SegmentedControl
            aria-label="Show seats"
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'stuck', label: 'Stuck' },
              { value: 'idle', label: 'Idle' },
              { value: 'failed', label: 'Failed' },
            ]}
          />
          <NumberInput
            label="Stuck or idle after (minutes)"
            min={1}
            max={240}
            value={minutes}
            onChange={setMinutes}
            w={220}
          />
        </Group>

        <Table striped highlightOnHover>
          <Table.Caption c="gray.7">
            {rows.length} of {workshop.capacity} seats shown
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <Checkbox
                  aria-label="Select every seat shown"
                  checked={allShownSelected}
                  onChange={() => setSelected(allShownSelected ? new Set() : new Set(rows.map((seat) => seat.seat)))}
                />
              </Table.Th>
              <Table.Th scope="col">Seat</Table.Th>
              <Table.Th scope="col">Student</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Current step</Table.Th>
              <Table.Th scope="col">Steps passed</Table.Th>
              <Table.Th scope="col">Last activity</Table.Th>
              <Table.Th scope="col">Last reset</Table.Th>
              <Table.Th scope="col">Time left</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((seat) => (
              <Table.Tr key={seat.seat} data-seat={seat.seat} aria-label={`Seat ${seat.seat}`}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Select seat ${seat.seat}`}
                    checked={selected.has(seat.seat)}
                    onChange={() => toggle(seat.seat)}
                  />
                </Table.Td>
                <Table.Th scope="row">{seat.seat}</Table.Th>
                <Table.Td>{seat.student ?? <Text c="gray.7">free</Text>}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[seat.state] ?? 'gray.7'}>{seat.state}</Badge>
                  {seat.reason && (
                    <Text size="xs" c="red.9">
                      {seat.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{currentStep(seat)}</Table.Td>
                <Table.Td>
                  <StepGrid seat={seat} />
                </Table.Td>
                <Table.Td>{ago(seat.lastActivityAt, now)}</Table.Td>
                <Table.Td>
                  <ResetCell seat={seat} />
                </Table.Td>
                <Table.Td>
                  {ended ? 'ended' : timeLeft(workshop.endsAt, now)}
                  {endsSoon && (
                    <Badge color="red.9" ml={4}>
                      expires soon
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant="light"
                      disabled={ended}
                      aria-label={`Reset seat ${seat.seat}`}
                      onClick={() =>
                        ask({
                          title: `Reset seat ${seat.seat}?`,
                          body: `${seat.student ?? 'The seat'} goes back to the seed.`,
                          action: `Reset seat ${seat.seat}`,
                          run: () => reset.mutate([seat.seat]),
                        })
                      }
                    >
                      Reset
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      disabled={ended || !seat.student}
                      aria-label={`Release seat ${seat.seat}`}
                      onClick={() =>
                        ask({
                          title: `Release seat ${seat.seat}?`,
                          body: `${seat.student ?? 'The student'} is signed out; the same or another name can join the seat again without a secret. Its data stays as it is.`,
                          action: `Release seat ${seat.seat}`,
                          run: () => release.mutate(seat.seat),
                        })
                      }
                    >
                      Release
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <Modal
        opened={confirm !== null}
        onClose={closeConfirm}
        title={confirm?.title ?? ''}
        centered
        closeButtonProps={{ 'aria-label': 'Cancel' }}
      >
        <Stack>
          <Text size="sm">{confirm?.body}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={closeConfirm}>
              Cancel
            </Button>
            <Button
              data-autofocus
              color={confirm?.danger ? 'red.9' : undefined}
              onClick={() => {
                confirm?.run();
                closeConfirm();
              }}
            >
              {confirm?.action}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Container>
  );
}
