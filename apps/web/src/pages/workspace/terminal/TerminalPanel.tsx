import { Text } from '@mantine/core';

/** A shell in the sandbox's toolbox (xterm.js over the terminal WebSocket). Placeholder of the scaffold. */
export function TerminalPanel({ sandboxId }: { sandboxId: string }) {
  return <Text c="dimmed">Terminal of {sandboxId}: being built.</Text>;
}
