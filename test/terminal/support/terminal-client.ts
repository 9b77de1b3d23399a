import WebSocket from 'ws';
import { waitFor } from '../../support/wait-for';

/** How a terminal socket ended: the close code and reason, or the HTTP status of a refused upgrade. */
export interface TerminalEnd {
  code?: number;
  reason?: string;
  httpStatus?: number;
}

export interface TerminalClientOptions {
  token?: string;
  origin?: string;
  session?: string;
  cols?: number;
  rows?: number;
  /** Answer the server's pings (default true); false plays a dead client. */
  autoPong?: boolean;
  /** Carry the token as a `lab.token.` subprotocol instead of the Authorization header. */
  tokenAsSubprotocol?: boolean;
}

/** Keeps the output's last bytes only, so a flood costs the test no memory either. */
const KEPT_OUTPUT = 256 * 1024;

/**
 * A terminal as a browser would use it, with Node's `ws`: output collected as text (its tail),
 * keystrokes sent as binary frames, control messages as JSON text frames.
 */
export class TerminalClient {
  readonly ws: WebSocket;
  sessionId?: string;
  replayed?: number;
  exitCode?: number | null;
  outputBytes = 0;
  ended?: TerminalEnd;
  private output = '';
  private readonly opened: Promise<void>;

  constructor(base: string, sandboxId: string, options: TerminalClientOptions = {}) {
    const url = new URL(`/api/sandboxes/${sandboxId}/terminal`, base.replace(/^http/, 'ws'));
    if (options.session) url.searchParams.set('session', options.session);
    if (options.cols) url.searchParams.set('cols', String(options.cols));
    if (options.rows) url.searchParams.set('rows', String(options.rows));
    const protocols = ['lab.terminal.v1', ...(options.tokenAsSubprotocol ? [`lab.token.${options.token}`] : [])];
    this.ws = new WebSocket(url, protocols, {
      headers: options.token && !options.tokenAsSubprotocol ? { authorization: `Bearer ${options.token}` } : {},
      ...(options.origin ? { origin: options.origin } : {}),
      autoPong: options.autoPong ?? true,
    });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.outputBytes += data.length;
        this.output = (this.output + data.toString('utf8')).slice(-KEPT_OUTPUT);
        return;
      }
      const event = JSON.parse(data.toString('utf8')) as {
        type: string;
        id?: string;
        replayed?: number;
        code?: number;
      };
      if (event.type === 'session') {
        this.sessionId = event.id;
        this.replayed = event.replayed;
      } else if (event.type === 'exit') {
        this.exitCode = event.code ?? null;
      }
    });
    this.ws.on('unexpected-response', (request, response) => {
      this.ended = { httpStatus: response.statusCode };
      request.destroy();
    });
    this.ws.on('close', (code: number, reason: Buffer) => {
      this.ended ??= { code, reason: reason.toString() };
    });
    this.ws.on('error', () => undefined);
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve());
      this.ws.once('close', () => resolve());
      this.ws.once('unexpected-response', () => resolve());
    });
  }

  /** Resolves once the server said which session this is (or the socket ended). */
  async ready(timeoutMs = 20_000): Promise<this> {
    await this.opened;
    await waitFor(() => this.sessionId !== undefined || this.ended !== undefined, timeoutMs);
    return this;
  }

  /** What the terminal showed (its last 256 KiB). */
  text(): string {
    return this.output;
  }

  /** Types `line` and Enter, as keystrokes (a binary frame). */
  type(line: string): void {
    this.ws.send(Buffer.from(`${line}\r`), { binary: true });
  }

  /** Ctrl-C, resolved once the terminal echoed something after it (the TTY drops input typed meanwhile). */
  async interrupt(timeoutMs = 10_000): Promise<void> {
    const before = this.outputBytes;
    this.ws.send(Buffer.from([3]), { binary: true });
    await waitFor(() => /\^C/.test(this.output.slice(-4096)) && this.outputBytes > before, timeoutMs);
  }

  resize(cols: number, rows: number): void {
    this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    await waitFor(() => pattern.test(this.output) || this.ended !== undefined, timeoutMs).catch(() => undefined);
    const match = this.output.match(pattern);
    if (!match) {
      const state = this.ended ? `it ended ${JSON.stringify(this.ended)}` : 'it is open';
      throw new Error(`no ${pattern} in the terminal (${state}); it shows: ${JSON.stringify(this.output.slice(-600))}`);
    }
    return match;
  }

  async waitForEnd(timeoutMs = 20_000): Promise<TerminalEnd> {
    await waitFor(() => this.ended !== undefined, timeoutMs);
    return this.ended!;
  }

  close(): void {
    this.ws.close();
  }
}

/** Opens a terminal and waits for its session message, or for it to be refused. */
export function openTerminal(base: string, sandboxId: string, options: TerminalClientOptions = {}) {
  return new TerminalClient(base, sandboxId, options).ready();
}
