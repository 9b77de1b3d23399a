import { Alert, Box, Button, Group, NativeSelect, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { appendCapped, MAX_LOG_LINES, type LogEntry } from './log-buffer';

// stderr lines: a red rule beside them, the text keeps its contrast.
const STDERR_STYLE = { borderLeft: '3px solid var(--mantine-color-red-filled)', paddingLeft: 6 };

type StreamState = 'connecting' | 'open' | 'closed';

/**
 * A service's log, live over server-sent events (`GET …/logs?follow=true`; the session cookie goes
 * with the EventSource). New lines are shown in batches five times a second; Pause holds them back
 * (still received, shown on Resume); Follow keeps the newest line in view.
 */
export function LogsPanel({ sandboxId, services }: { sandboxId: string; services: string[] }) {
  const [service, setService] = useState(services[0] ?? '');
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const [follow, setFollow] = useState(true);
  const [state, setState] = useState<StreamState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const pending = useRef<LogEntry[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const view = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!service) return;
    setLines([]);
    pending.current = [];
    setState('connecting');
    let nextId = 0;
    const url = `/api/sandboxes/${encodeURIComponent(sandboxId)}/logs?service=${encodeURIComponent(service)}&follow=true&tail=200`;
    const source = new EventSource(url, { withCredentials: true });
    const receive = (stream: LogEntry['stream']) => (event: MessageEvent<string>) => {
      pending.current = appendCapped(pending.current, [{ id: nextId++, stream, text: event.data }]);
    };
    source.addEventListener('stdout', receive('stdout'));
    source.addEventListener('stderr', receive('stderr'));
    source.onopen = () => setState('open');
    // A stream that ended or was refused: no automatic reconnect (it would replay the tail again).
    source.onerror = () => {
      source.close();
      setState('closed');
    };
    const flush = setInterval(() => {
      if (pausedRef.current || pending.current.length === 0) return;
      const added = pending.current;
      pending.current = [];
      setLines((current) => appendCapped(current, added));
    }, 200);
    return () => {
      clearInterval(flush);
      source.close();
    };
  }, [sandboxId, service, attempt]);

  useEffect(() => {
    if (follow && view.current) view.current.scrollTop = view.current.scrollHeight;
  }, [lines, follow]);

  return (
    <Stack gap="sm">
      <Group align="end" gap="md">
        <NativeSelect
          label="Service"
          value={service}
          onChange={(event) => setService(event.currentTarget.value)}
          data={services}
          w={220}
        />
        <Button variant="default" onClick={() => setPaused((value) => !value)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <Switch label="Follow newest" checked={follow} onChange={(event) => setFollow(event.currentTarget.checked)} />
        <Button variant="subtle" onClick={() => setLines([])}>
          Clear
        </Button>
        <Text size="sm" role="status">
          {state === 'open' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Stream ended'}
          {paused ? ' · paused' : ''} · last {MAX_LOG_LINES} lines kept
        </Text>
      </Group>
      {state === 'closed' && (
        <Alert color="yellow" title="The log stream is closed">
          <Group gap="sm">
            <Text size="sm">The service stopped, the sandbox changed, or the connection dropped.</Text>
            <Button size="xs" variant="light" onClick={() => setAttempt((value) => value + 1)}>
              Reconnect
            </Button>
          </Group>
        </Alert>
      )}
      <Box
        ref={view}
        tabIndex={0}
        role="log"
        aria-label={`Log of ${service}`}
        ff="monospace"
        fz="xs"
        p="sm"
        m={0}
        style={{
          height: 420,
          overflow: 'auto',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 4,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {lines.length === 0 ? (
          <Text span size="xs">
            No lines yet.
          </Text>
        ) : (
          lines.map((line) => (
            <div key={line.id} data-stream={line.stream} style={line.stream === 'stderr' ? STDERR_STYLE : undefined}>
              {line.text}
            </div>
          ))
        )}
      </Box>
    </Stack>
  );
}

export default LogsPanel;
