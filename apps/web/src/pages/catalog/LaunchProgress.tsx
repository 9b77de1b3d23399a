import { Alert, Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { provisioningSteps, STEP_STATE_LABEL, type StepState } from './provisioning-steps';
import { useSandboxEvents } from './use-sandbox-events';

const LOOK: Record<StepState, { color: string; symbol: string }> = {
  waiting: { color: 'gray', symbol: '○' },
  active: { color: 'blue', symbol: '…' },
  done: { color: 'teal', symbol: '✓' },
  failed: { color: 'red', symbol: '✗' },
};

/**
 * The provisioning of one launch, live: each step with its state in words (not colour alone),
 * then the workspace once the sandbox is ready, or the reason and a retry when it failed.
 */
export function LaunchProgress({
  sandboxId,
  title,
  services,
  onRetry,
  onDismiss,
}: {
  sandboxId: string;
  title: string;
  services: readonly string[];
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const navigate = useNavigate();
  const { events, streamLost } = useSandboxEvents(sandboxId);
  const steps = provisioningSteps(services, events);
  const last = [...events].reverse().find((event) => event.type === 'state');
  const state = last?.type === 'state' ? last.state : 'provisioning';

  useEffect(() => {
    if (state === 'ready') void navigate(`/sandboxes/${sandboxId}`);
  }, [state, sandboxId, navigate]);

  const current = steps.find((step) => step.state === 'active' || step.state === 'failed');
  return (
    <Paper withBorder p="lg" radius="md" aria-labelledby="launch-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="launch-title">
            Launching {title}
          </Title>
          <Badge variant="filled" color={state === 'failed' ? 'red.9' : state === 'ready' ? 'teal.9' : 'blue.9'}>
            {state}
          </Badge>
        </Group>
        <Text size="sm" role="status">
          {state === 'failed'
            ? 'The launch failed.'
            : state === 'ready'
              ? 'Ready: opening the workspace…'
              : current
                ? `${current.label}: ${current.detail ?? STEP_STATE_LABEL[current.state]}`
                : 'Waiting for a free slot…'}
        </Text>
        <List spacing="xs" center aria-label="Provisioning steps" listStyleType="none">
          {steps.map((step) => (
            <List.Item
              key={step.key}
              icon={
                <ThemeIcon size={22} radius="xl" color={LOOK[step.state].color} variant="light" aria-hidden>
                  {LOOK[step.state].symbol}
                </ThemeIcon>
              }
            >
              <Text size="sm" span fw={step.state === 'active' ? 700 : undefined}>
                {step.label} — {STEP_STATE_LABEL[step.state]}
              </Text>
              {step.detail && (
                <Text size="xs" span>
                  {' '}
                  ({step.detail})
                </Text>
              )}
            </List.Item>
          ))}
        </List>
        {streamLost && state !== 'failed' && (
          <Text size="sm">The live progress stream was refused; following the sandbox by polling instead.</Text>
        )}
        {state === 'failed' && (
          <Alert color="red" title="The sandbox could not be started" role="alert">
            <Stack gap="sm">
              <Text size="sm">{last?.type === 'state' ? (last.reason ?? 'No reason was given.') : ''}</Text>
              <Group>
                <Button size="xs" onClick={onRetry}>
                  Try again
                </Button>
                <Button size="xs" variant="default" onClick={onDismiss}>
                  Dismiss
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
