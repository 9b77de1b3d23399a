import { expectData, type LabSchemas } from '@lab/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';

export type Workshop = LabSchemas['WorkshopDto'];
export type Seat = LabSchemas['SeatDto'];

export const workshopsKey = ['workshops'] as const;
export const workshopKey = (id: string) => ['workshops', id] as const;

export function useWorkshops() {
  return useQuery({ queryKey: workshopsKey, queryFn: () => expectData(api.GET('/api/workshops')) });
}

export function useWorkshop(id: string) {
  return useQuery({
    queryKey: workshopKey(id),
    queryFn: () => expectData(api.GET('/api/workshops/{id}', { params: { path: { id } } })),
    // The event stream says when to read again; this only covers a stream that broke unnoticed.
    refetchInterval: 15_000,
  });
}

/** Whether the live stream is connected: `live`, `connecting` (also while it reconnects by itself). */
export type StreamStatus = 'live' | 'connecting';

/**
 * Follows the workshop's event stream (`GET /api/workshops/:id/events`, the session cookie) and
 * reads the workshop again after each burst of events: a seat's state, a join, a check, a reset.
 * A burst is coalesced over 150 ms, so thirty seats turning ready cost a few reads, not thirty.
 */
export function useWorkshopEvents(id: string): StreamStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  useEffect(() => {
    const source = new EventSource(`/api/workshops/${encodeURIComponent(id)}/events`);
    let timer: number | undefined;
    const changed = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        void client.invalidateQueries({ queryKey: workshopKey(id) });
      }, 150);
    };
    source.onopen = () => {
      setStatus('live');
      // Whatever happened while it was not connected.
      changed();
    };
    source.onerror = () => setStatus('connecting');
    for (const type of ['state', 'progress', 'seat']) source.addEventListener(type, changed);
    return () => {
      window.clearTimeout(timer);
      source.close();
    };
  }, [client, id]);
  return status;
}

/** Re-renders every `ms` (time left, "3 min ago"). */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** "12 min", "1 h 05 min", "ended". */
export function timeLeft(until: string, now: number): string {
  const minutes = Math.floor((new Date(until).getTime() - now) / 60_000);
  if (minutes < 0) return 'ended';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "just now", "4 min ago", "2 h ago". */
export function ago(at: string | undefined, now: number): string {
  if (!at) return '—';
  const minutes = Math.floor((now - new Date(at).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/**
 * The join code is shown once, when the workshop is made (the API keeps only its hash): this
 * browser keeps it for the join screen until the workshop ends.
 */
const JOIN_CODE_PREFIX = 'lab.join-code.';

export function rememberJoinCode(workshopId: string, code: string, endsAt: string): void {
  try {
    window.localStorage.setItem(JOIN_CODE_PREFIX + workshopId, JSON.stringify({ code, endsAt }));
  } catch {
    // Storage refused (private mode): the code stays on the creation page only.
  }
}

export function recallJoinCode(workshopId: string): string | undefined {
  try {
    const raw = window.localStorage.getItem(JOIN_CODE_PREFIX + workshopId);
    if (!raw) return undefined;
    const { code, endsAt } = JSON.parse(raw) as { code: string; endsAt: string };
    if (new Date(endsAt).getTime() <= Date.now()) {
      window.localStorage.removeItem(JOIN_CODE_PREFIX + workshopId);
      return undefined;
    }
    return code;
  } catch {
    return undefined;
  }
}

/** Where students join with the code (the web app's join page). */
export function joinUrl(code: string): string {
  return `${window.location.origin}/join?code=${encodeURIComponent(code)}`;
}
