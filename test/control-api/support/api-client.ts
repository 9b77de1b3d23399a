import { createLabClient, expectData, LabClient, LabSchemas } from '@lab/api-client';
import { waitFor } from '../../support/wait-for';

/** A sandbox as the API shows it (the generated type of `SandboxDto`). */
export type SandboxView = LabSchemas['SandboxDto'];

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The control API under test (`base` = `http://127.0.0.1:<port>`): the typed client of
 * `@lab/api-client` per token, plus the few helpers that carry test logic.
 */
export class ApiClient {
  constructor(readonly base: string) {}

  /** The generated client acting with `token` (none: public routes only). */
  as(token?: string): LabClient {
    return createLabClient({ baseUrl: this.base, ...(token === undefined ? {} : { token }) });
  }

  /**
   * A raw request, for what the typed client will not send (malformed bodies, unknown routes,
   * ids of the wrong shape) and for tests about statuses and headers. `path`: `/…` as is, or
   * relative to `/api/`.
   */
  call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    return fetch(`${this.base}${path.startsWith('/') ? path : `/api/${path}`}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  }

  /** A new student (or leader) token issued by `adminToken`. */
  async issueToken(adminToken: string, name: string, role: 'student' | 'leader' = 'student'): Promise<string> {
    return (await expectData(this.as(adminToken).POST('/api/tokens', { body: { name, role } }))).token;
  }

  /** Polls GET /api/sandboxes/:id until `accept` says yes; fails on a state `accept` cannot reach. */
  async waitForSandbox(
    token: string,
    id: string,
    accept: (sandbox: SandboxView) => boolean,
    timeoutMs = 120_000,
  ): Promise<SandboxView> {
    const lab = this.as(token);
    let last: SandboxView | undefined;
    await waitFor(
      () => last !== undefined && accept(last),
      timeoutMs,
      async () => {
        last = await expectData(lab.GET('/api/sandboxes/{id}', { params: { path: { id } } }));
      },
    ).catch((error: unknown) => {
      throw new Error(`sandbox ${id} never got there; last seen ${JSON.stringify(last)} (${String(error)})`);
    });
    return last!;
  }
}

/** The events of a `text/event-stream` body read so far: `{ event, data }` per message. */
export function parseServerSentEvents(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event =
        lines
          .find((line) => line.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      return { event, data };
    })
    .filter((message) => message.data !== '' || message.event !== 'message');
}

/**
 * Reads an SSE stream until `until` is satisfied by the events so far (or the stream ends), then
 * hangs up. Returns every event read. `auth`: a bearer token, or the request headers to send
 * (e.g. a browser session's `cookie`).
 */
export async function readServerSentEvents(
  url: string,
  auth: string | { headers: Record<string, string> },
  until: (events: { event: string; data: string }[]) => boolean,
  timeoutMs = 120_000,
): Promise<{ status: number; contentType: string | null; events: { event: string; data: string }[] }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const headers = typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth.headers;
    const response = await fetch(url, { headers, signal: abort.signal });
    const contentType = response.headers.get('content-type');
    if (!response.body || !contentType?.startsWith('text/event-stream')) {
      return { status: response.status, contentType, events: [] };
    }
    const decoder = new TextDecoder();
    let text = '';
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (until(parseServerSentEvents(text))) break;
    }
    abort.abort();
    return { status: response.status, contentType, events: parseServerSentEvents(text) };
  } finally {
    clearTimeout(timer);
  }
}
