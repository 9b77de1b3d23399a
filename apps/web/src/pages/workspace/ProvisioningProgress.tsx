import { List, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';

interface ProgressEvent {
  step: string;
  service?: string;
  message: string;
}

/**
 * What the sandbox is doing while it provisions or resets, live from `GET …/events` (SSE with the
 * session cookie): each step as it happens, so the wait has a visible end. The page's own polling
 * notices when it is ready.
 */
export function ProvisioningProgress({ sandboxId, state }: { sandboxId: string; state: string }) {
  const [steps, setSteps] = useState<ProgressEvent[]>([]);
  useEffect(() => {
    const source = new EventSource(`/api/sandboxes/${encodeURIComponent(sandboxId)}/events`, { withCredentials: true });
    source.addEventListener('progress', (event: MessageEvent<string>) => {
      try {
        const parsed = JSON.parse(event.data) as ProgressEvent;
        setSteps((current) => [...current.slice(-30), parsed]);
      } catch {
        // A line that is not an event of ours: nothing to show.
      }
    });
    source.onerror = () => source.close();
    return () => source.close();
  }, [sandboxId]);
  return (
    <Stack gap="sm" role="status" aria-live="polite">
      <Text>
        <Loader size="xs" mr="xs" aria-hidden="true" />
        {state === 'resetting'
          ? 'Resetting to the seed…'
          : 'Starting your sandbox: the databases and the app come up and load their data…'}
      </Text>
      {steps.length > 0 && (
        <List size="sm" spacing={2}>
          {steps.map((step, index) => (
            <List.Item key={index}>
              {step.service ? `${step.service}: ` : ''}
              {step.message}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
