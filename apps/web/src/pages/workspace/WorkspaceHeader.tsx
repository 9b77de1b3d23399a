import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { describeError } from '../../components/ErrorView';
import { StatusBadge } from './StatusBadge';
import { useSandboxActions, type Sandbox, type SandboxState } from './sandbox-data';
import { formatTimeLeft, isRunningOut } from './time-left';

const STATE_COLOURS: Record<SandboxState, string> = {
  provisioning: 'blue',
  ready: 'green',
  resetting: 'yellow',
  stopping: 'gray',
  deleted: 'gray',
  failed: 'red',
};

/** Time left, ticking every second; in words too when it runs out (not only in colour). */
function TimeLeft({ expiresAt }: { expiresAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = formatTimeLeft(expiresAt, now);
  const short = isRunningOut(expiresAt, now);
  return (
    <Text size="sm" fw={short ? 700 : 400} c={short ? 'red' : undefined}>
      Time left: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{left}</span>
      {short && left !== 'expired' ? ' — extend it or save your work' : ''}
    </Text>
  );
}

function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail } = describeError(error);
  return (
    <Alert color="red" title={title} role="alert">
      {detail}
    </Alert>
  );
}

/**
 * The sandbox's name, state and time left, with the actions on it: extend, reset (confirmed, the
 * data goes back to the seed) and delete (confirmed, everything goes).
 */
export function WorkspaceHeader({
  sandbox,
  title,
  onDeleted,
}: {
  sandbox: Sandbox;
  title: string;
  onDeleted: () => void;
}) {
  const { extend, reset, remove } = useSandboxActions(sandbox.id);
  const [minutes, setMinutes] = useState('30');
  const [resetOpen, resetModal] = useDisclosure(false);
  const [deleteOpen, deleteModal] = useDisclosure(false);
  const live = sandbox.state !== 'deleted' && sandbox.state !== 'stopping';
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center" wrap="wrap">
        <Group gap="sm" align="center">
          <Title order={2}>{title}</Title>
          <StatusBadge color={STATE_COLOURS[sandbox.state]}>
            <VisuallyHidden>State: </VisuallyHidden>
            {sandbox.state}
          </StatusBadge>
          <Text size="sm" ff="monospace">
            {sandbox.id}
          </Text>
        </Group>
        {live && <TimeLeft expiresAt={sandbox.expiresAt} />}
      </Group>
      {live && (
        <Group gap="sm" align="end">
          <NativeSelect
            label="Extend by"
            value={minutes}
            onChange={(event) => setMinutes(event.currentTarget.value)}
            data={['15', '30', '60', '120'].map((value) => ({ value, label: `${value} minutes` }))}
            size="xs"
            w={130}
          />
          <Button size="xs" variant="default" onClick={() => extend.mutate(Number(minutes))} loading={extend.isPending}>
            Extend
          </Button>
          <Button size="xs" variant="default" onClick={resetModal.open} disabled={sandbox.state !== 'ready'}>
            Reset
          </Button>
          <Button size="xs" color="red" variant="light" onClick={deleteModal.open}>
            Delete
          </Button>
        </Group>
      )}
      <ActionError error={extend.error ?? reset.error ?? remove.error} />

      <Modal opened={resetOpen} onClose={resetModal.close} title="Reset this sandbox?" centered>
        <Stack gap="md">
          <Text size="sm">
            Its databases go back to the example’s seed: your changes, tables and indexes are lost, and steps you passed
            may fail their next check. The sandbox keeps its address and time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={resetModal.close}>
              Cancel
            </Button>
            <Button
              color="orange"
              loading={reset.isPending}
              onClick={() => reset.mutate(undefined, { onSettled: resetModal.close })}
            >
              Reset to seed
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={deleteOpen} onClose={deleteModal.close} title="Delete this sandbox?" centered>
        <Stack gap="md">
          <Text size="sm">
            Its containers and data are removed for good. You can launch a new one from the catalog.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={deleteModal.close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: onDeleted,
                  onSettled: deleteModal.close,
                })
              }
            >
              Delete sandbox
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
