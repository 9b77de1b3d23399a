/** The few shapes of the control API the classroom suite reads. */
export interface ResetView {
  id: string;
  state: 'pending' | 'done' | 'failed';
  method?: string;
  detail?: string;
  durationMs?: number;
}

export interface SeatView {
  seat: number;
  sandboxId: string;
  state: string;
  reason?: string;
  lastReset?: ResetView;
}

export interface WorkshopView {
  id: string;
  capacity: number;
  seats: SeatView[];
}

export interface SandboxView {
  id: string;
  state: string;
  reason?: string;
  app?: { url: string };
}

interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A thin JSON client of the control API (`/api/...`) with a bearer token per call. */
export class LabApiClient {
  constructor(readonly base: string) {}

  call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    return fetch(`${this.base}/api/${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  }

  /** The JSON answer; any status other than 2xx is an error that says what the API answered. */
  async json<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const response = await this.call(method, path, options);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api/${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async issueToken(adminToken: string, name: string, role: 'student' | 'leader'): Promise<string> {
    return (await this.json<{ token: string }>('POST', 'tokens', { token: adminToken, body: { name, role } })).token;
  }
}
