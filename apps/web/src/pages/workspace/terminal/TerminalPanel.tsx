import '@xterm/xterm/css/xterm.css';
import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { OutputSink } from './output-sink';
import { TerminalConnection, type ConnectionState } from './terminal-connection';

/**
 * A shell in the sandbox's toolbox: xterm.js over the terminal WebSocket (same origin, the session
 * cookie). Sized to its box (and the shell told so), reconnecting by itself with the shell's
 * replay, saying clearly why it closed otherwise. This module carries xterm.js: pages load it on
 * demand.
 */
export function TerminalPanel({ sandboxId }: { sandboxId: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const connectionRef = useRef<TerminalConnection | undefined>(undefined);
  const [state, setState] = useState<ConnectionState>({ status: 'connecting' });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = new Terminal({
      cursorBlink: true,
      fontSize: 14,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
      scrollback: 5_000,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    fit.fit();
    const sink = new OutputSink(terminal);
    const connection = new TerminalConnection(sandboxId, {
      output: (bytes) => sink.write(bytes),
      replay: () => sink.reset(),
      state: setState,
      size: () => ({ cols: terminal.cols, rows: terminal.rows }),
    });
    connectionRef.current = connection;
    const input = terminal.onData((data) => connection.send(data));
    const binary = terminal.onBinary((data) => connection.sendBinary(data));
    const resized = terminal.onResize(({ cols, rows }) => connection.resize(cols, rows));
    // The box follows the page (window, panels, tabs): the terminal follows the box.
    const observer = new ResizeObserver(() => {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    });
    observer.observe(host);
    connection.connect();
    terminal.focus();
    return () => {
      observer.disconnect();
      input.dispose();
      binary.dispose();
      resized.dispose();
      connection.dispose();
      connectionRef.current = undefined;
      terminal.dispose();
    };
  }, [sandboxId]);

  return (
    <Stack gap="xs">
      <Text size="sm" role="status" aria-live="polite">
        {statusText(state)}
      </Text>
      {state.status === 'closed' && (
        <Alert color="red" title={state.verdict.title} role="alert">
          <Stack gap="sm">
            <Text size="sm">{state.verdict.detail}</Text>
            <Group>
              {state.verdict.signIn ? (
                <Button size="xs" component={Link} to="/sign-in">
                  Sign in again
                </Button>
              ) : (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={() => connectionRef.current?.retry({ newShell: true })}
                >
                  Try again
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}
      <Box
        ref={hostRef}
        role="region"
        aria-label="Terminal"
        h="60vh"
        mih={240}
        p={4}
        style={{ background: '#000', borderRadius: 4, overflow: 'hidden' }}
      />
    </Stack>
  );
}

function statusText(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'Opening a shell in the sandbox…';
    case 'open':
      return state.notice ?? 'Connected: a shell in the sandbox’s toolbox.';
    case 'reconnecting':
      return `${state.verdict.title}: reconnecting… (attempt ${state.attempt})`;
    case 'closed':
      return `Terminal closed: ${state.verdict.title}.`;
  }
}
