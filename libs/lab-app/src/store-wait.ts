import { connect } from 'node:net';

/** Where a store refused a connection: Node's ECONNREFUSED errors carry the address and port. */
export interface RefusedEndpoint {
  address: string;
  port: number;
}

/** The endpoint that refused, found in the error or its causes (pg, ioredis and TypeORM wrap it). */
export function refusedEndpoint(error: unknown, depth = 0): RefusedEndpoint | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, address, port, cause, errors } = error as Record<string, unknown>;
  if (code === 'ECONNREFUSED' && typeof address === 'string' && typeof port === 'number') return { address, port };
  for (const inner of Array.isArray(errors) ? errors : []) {
    const found = refusedEndpoint(inner, depth + 1);
    if (found) return found;
  }
  return refusedEndpoint(cause, depth + 1);
}

/** Between two connection attempts to a store that is not listening yet; an attempt costs ~nothing. */
export const ACCEPT_POLL_MS = 10;

/**
 * Resolves once the endpoint accepts a TCP connection (closed at once), or at the deadline. A boot
 * refused by a store that is still starting tries again as soon as the store listens, instead of
 * after a fixed pause: each new attempt builds the whole app module again, so attempts that are
 * sure to be refused are not worth making, and a pause past the store's start is time lost on
 * every sandbox launch (the app and its stores start together).
 */
export async function untilAccepting(endpoint: RefusedEndpoint, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (await accepts(endpoint, Math.max(deadline - Date.now(), 1))) return;
    await new Promise((resolve) => setTimeout(resolve, ACCEPT_POLL_MS));
  }
}

function accepts({ address, port }: RefusedEndpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
