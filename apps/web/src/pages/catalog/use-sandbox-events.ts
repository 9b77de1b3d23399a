import { expectData } from '@lab/api-client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { SandboxState, SandboxStreamEvent } from './provisioning-steps';

const SETTLED: readonly SandboxState[] = ['ready', 'failed', 'stopping', 'deleted'];

/**
 * A sandbox's events as they come (`GET /api/sandboxes/:id/events`, an EventSource: same origin,
 * so the session cookie authenticates it). Closed once the sandbox is settled, so the browser does
 * not reconnect to a finished stream. Should the stream be refused or lost (a stream limit, a
 * proxy), the sandbox is polled instead and its state still arrives.
 */
export function useSandboxEvents(sandboxId: string): { events: SandboxStreamEvent[]; streamLost: boolean } {
  const [events, setEvents] = useState<SandboxStreamEvent[]>([]);
  const [streamLost, setStreamLost] = useState(false);

  useEffect(() => {
    setEvents([]);
    setStreamLost(false);
    const source = new EventSource(`/api/sandboxes/${encodeURIComponent(sandboxId)}/events`);
    const receive = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as SandboxStreamEvent;
      setEvents((seen) => [...seen, event]);
      if (event.type === 'state' && SETTLED.includes(event.state)) source.close();
    };
    source.addEventListener('state', receive);
    source.addEventListener('progress', receive);
    source.onerror = () => {
      // CLOSED: the server refused it (e.g. 429) and the browser will not retry; CONNECTING: it retries.
      if (source.readyState === EventSource.CLOSED) setStreamLost(true);
    };
    return () => source.close();
  }, [sandboxId]);

  const settled = events.some((event) => event.type === 'state' && SETTLED.includes(event.state));
  const polled = useQuery({
    queryKey: ['sandboxes', sandboxId, 'poll'],
    queryFn: () => expectData(api.GET('/api/sandboxes/{id}', { params: { path: { id: sandboxId } } })),
    enabled: streamLost && !settled,
    refetchInterval: 1_000,
  });
  const fallback: SandboxStreamEvent[] =
    streamLost && polled.data
      ? [{ type: 'state', state: polled.data.state, reason: polled.data.reason ?? null, at: new Date().toISOString() }]
      : [];
  return { events: [...events, ...fallback], streamLost };
}
