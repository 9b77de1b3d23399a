import { expectData, type LabSchemas } from '@lab/api-client';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { describeError } from './ErrorView';

type Sandbox = LabSchemas['SandboxDto'];

/** Warned this long before a sandbox is removed (its expiry, or idle culling). */
export const WARN_BEFORE_MS = 5 * 60_000;
const EXTEND_MINUTES = 30;
const MINE_KEY = ['sandboxes', 'mine'] as const;

interface Warning {
  sandbox: Sandbox;
  kind: 'expires' | 'idle';
  at: number;
}

/** What will be removed within WARN_BEFORE_MS, and why: the earlier of expiry and idle culling. */
export function warningsOf(sandboxes: Sandbox[], now: number): Warning[] {
  return sandboxes.flatMap((sandbox): Warning[] => {
    if (!['ready', 'provisioning', 'resetting'].includes(sandbox.state)) return [];
    const expires = new Date(sandbox.expiresAt).getTime();
    const idle = sandbox.idleRemovalAt ? new Date(sandbox.idleRemovalAt).getTime() : Infinity;
    const first: Warning =
      idle < expires ? { sandbox, kind: 'idle', at: idle } : { sandbox, kind: 'expires', at: expires };
    return first.at - now <= WARN_BEFORE_MS ? [first] : [];
  });
}

function minutesLeft(at: number, now: number): string {
  const minutes = Math.max(0, Math.ceil((at - now) / 60_000));
  return minutes <= 1 ? 'within a minute' : `in ${minutes} minutes`;
}

function WarningRow({ warning, now }: { warning: Warning; now: number }) {
  const client = useQueryClient();
  const { sandbox, kind, at } = warning;
  const keep = useMutation({
    mutationFn: () =>
      kind === 'idle'
        ? // Any request of its user on the sandbox counts as activity: reading it keeps it.
          expectData(api.GET('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } }))
        : expectData(
            api.POST('/api/sandboxes/{id}/extend', {
              params: { path: { id: sandbox.id } },
              body: { minutes: EXTEND_MINUTES },
            }),
          ),
    onSuccess: () => void client.invalidateQueries({ queryKey: MINE_KEY }),
  });
  const why =
    kind === 'idle' ? `is removed ${minutesLeft(at, now)} because nobody used it` : `expires ${minutesLeft(at, now)}`;
  return (
    <Stack gap={4}>
      <Group gap="sm" wrap="wrap">
        <Text size="sm">
          Your {sandbox.example} sandbox ({sandbox.id}) {why}: everything in it is lost then.
        </Text>
        <Button size="compact-sm" onClick={() => keep.mutate()} loading={keep.isPending}>
          {kind === 'idle' ? 'Keep it' : `Extend by ${EXTEND_MINUTES} minutes`}
        </Button>
      </Group>
      {keep.isError && (
        <Text size="sm" c="red.9">
          {describeError(keep.error).detail}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Warns a signed-in user whose sandbox is about to be removed (expiry or idle culling within five
 * minutes), with a one-click extend where the API allows it (a workshop seat never outlives its
 * workshop: the API says so and the banner shows it). Reading the list does not count as activity.
 */
export function ExpiryBanner() {
  const session = useSession();
  // Leaders and admins list every sandbox they may see; the banner is about a student's own.
  const student = session.data?.role === 'student';
  const mine = useQuery({
    queryKey: MINE_KEY,
    queryFn: () => expectData(api.GET('/api/sandboxes')),
    enabled: student,
    refetchInterval: 30_000,
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const warnings = student ? warningsOf(mine.data ?? [], now) : [];
  if (warnings.length === 0) return null;
  return (
    <Alert color="red" title="Your sandbox is about to be removed" role="alert" mb="md">
      <Stack gap="xs">
        {warnings.map((warning) => (
          <WarningRow key={warning.sandbox.id} warning={warning} now={now} />
        ))}
      </Stack>
    </Alert>
  );
}
