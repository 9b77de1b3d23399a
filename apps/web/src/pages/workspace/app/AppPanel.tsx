import { Text } from '@mantine/core';

/** The sandbox's example app through the control API's proxy. Placeholder of the scaffold. */
export function AppPanel({ sandboxId }: { sandboxId: string }) {
  return <Text c="dimmed">App of {sandboxId}: being built.</Text>;
}
