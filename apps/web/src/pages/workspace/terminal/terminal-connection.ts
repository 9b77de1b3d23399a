import { closeVerdict, type CloseVerdict } from './close-messages';

/** The subprotocol of the terminal WebSocket (apps/control-api/src/terminal/terminal-protocol.ts). */
export const TERMINAL_SUBPROTOCOL = 'lab.terminal.v1';

/** Waits between automatic reconnects; after the last one the panel says so and offers "Try again". */
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000];

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'open'; notice?: string }
  | { status: 'reconnecting'; attempt: number; verdict: CloseVerdict }
  | { status: 'closed'; verdict: CloseVerdict };

export interface ConnectionEvents {
  /** Terminal output (a replay included: `onReplay` comes first and says how much). */
  output(bytes: Uint8Array): void;
  /** The server is about to replay `bytes` of earlier output: the screen should start over. */
  replay(bytes: number): void;
  state(state: ConnectionState): void;
  /** The size to open a new shell with. */
  size(): { cols: number; rows: number };
}

/**
 * One terminal's WebSocket, kept alive across drops: the shell lives on the server for a minute
 * after its socket is lost, so a reconnect names it (`?session=<id>`) and gets the last 64 KiB of
 * its output back. The id is kept in sessionStorage, so a reload of the page finds the shell too
 * (per tab: another tab opens its own shell). Authenticated by the browser's session cookie, which
 * a same-origin WebSocket carries by itself.
 */
export class TerminalConnection {
  private socket?: WebSocket;
  private timer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  private disposed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly sandboxId: string,
    private readonly events: ConnectionEvents,
  ) {}

  connect(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    const url = new URL(`/api/sandboxes/${encodeURIComponent(this.sandboxId)}/terminal`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const { cols, rows } = this.events.size();
    url.searchParams.set('cols', String(cols));
    url.searchParams.set('rows', String(rows));
    const resumed = this.storedSession();
    if (resumed) url.searchParams.set('session', resumed);
    if (this.attempt === 0) this.events.state({ status: 'connecting' });

    const socket = new WebSocket(url, [TERMINAL_SUBPROTOCOL]);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') this.control(event.data, resumed);
      else this.events.output(new Uint8Array(event.data));
    };
    socket.onclose = (event) => {
      if (socket !== this.socket || this.disposed) return;
      this.closed(event.code, event.reason);
    };
  }

  /** Keystrokes (binary frames, as the protocol wants them). */
  send(data: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(this.encoder.encode(data));
  }

  /** Raw bytes of xterm's `onBinary` (some mouse reports). */
  sendBinary(data: string): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const bytes = Uint8Array.from(data, (char) => char.charCodeAt(0) & 0xff);
    this.socket.send(bytes);
  }

  resize(cols: number, rows: number): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  /** "Try again": a fresh start (a new shell when the old one has ended). */
  retry(options: { newShell: boolean }): void {
    if (options.newShell) this.forgetSession();
    this.attempt = 0;
    this.socket?.close();
    this.socket = undefined;
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    // 1000 from the client: the server keeps the shell for a reconnect (a reload comes back to it).
    this.socket?.close(1000);
    this.socket = undefined;
  }

  private control(text: string, resumed: string | undefined): void {
    let message: { type?: string; id?: string; replayed?: number; code?: number | null };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'session' && typeof message.id === 'string') {
      const wasReconnect = this.attempt > 0 || resumed !== undefined;
      this.attempt = 0;
      this.storeSession(message.id);
      const replayed = message.replayed ?? 0;
      if (replayed > 0) this.events.replay(replayed);
      let notice: string | undefined;
      if (wasReconnect && message.id === resumed) {
        notice = `Reconnected to your shell; its last ${kib(replayed)} of output replayed.`;
      } else if (wasReconnect) {
        notice = 'Your earlier shell had ended: this is a new one.';
      }
      this.events.state({ status: 'open', notice });
    } else if (message.type === 'exit') {
      this.forgetSession();
    }
  }

  private closed(code: number, reason: string): void {
    const verdict = closeVerdict(code, reason);
    if (!verdict.reconnect) {
      this.forgetSession();
      this.events.state({ status: 'closed', verdict });
      return;
    }
    const delay = RECONNECT_DELAYS_MS[this.attempt];
    if (delay === undefined) {
      this.events.state({
        status: 'closed',
        verdict: {
          ...verdict,
          detail: 'The lab cannot be reached: the server may be down or the network gone. Try again in a moment.',
        },
      });
      return;
    }
    this.attempt += 1;
    this.events.state({ status: 'reconnecting', attempt: this.attempt, verdict });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private get storageKey(): string {
    return `lab.terminal.${this.sandboxId}`;
  }

  private storedSession(): string | undefined {
    try {
      return window.sessionStorage.getItem(this.storageKey) ?? undefined;
    } catch {
      return undefined; // storage refused (privacy settings): reconnects still work within the page
    }
  }

  private storeSession(id: string): void {
    try {
      window.sessionStorage.setItem(this.storageKey, id);
    } catch {
      // see storedSession
    }
  }

  private forgetSession(): void {
    try {
      window.sessionStorage.removeItem(this.storageKey);
    } catch {
      // see storedSession
    }
  }
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KiB`;
}
