import { Logger } from '@nestjs/common';
import type { ShellSession } from '@lab/runtime';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { OutputRing } from './output-ring';
import { CLOSE, parseControlMessage } from './terminal-protocol';
import type { TerminalTiming } from './terminal-timing';

/** What a reconnect replays: the last 64 KiB of output. */
export const REPLAY_BYTES = 64 * 1024;
/**
 * Flow control: output waiting in the socket beyond HIGH pauses the shell's stream (the TTY then
 * blocks the writer, so `yes` stops instead of filling the API's memory); it resumes below LOW.
 */
export const BUFFER_HIGH_BYTES = 256 * 1024;
export const BUFFER_LOW_BYTES = 32 * 1024;

export interface SessionOwner {
  userId: string;
  sandboxId: string;
}

/**
 * One shell in a sandbox's toolbox and the socket (if any) showing it. The shell outlives a lost
 * socket for the grace period, its output kept in a ring for the next socket to replay; it ends
 * when the shell exits, when the grace period passes with no socket, or when `end` is called.
 */
export class TerminalSession {
  readonly id = randomUUID();
  private readonly logger = new Logger(TerminalSession.name);
  private readonly ring = new OutputRing(REPLAY_BYTES);
  private socket?: WebSocket;
  private heartbeat?: NodeJS.Timeout;
  private grace?: NodeJS.Timeout;
  private paused = false;
  private ended = false;
  /** Set while a resize is under way: keystrokes wait behind it, so a command typed after a resize sees the new size. */
  private queue?: Promise<void>;

  constructor(
    readonly owner: SessionOwner,
    private readonly shell: ShellSession,
    private readonly timing: TerminalTiming,
    private readonly onEnd: (session: TerminalSession) => void,
  ) {
    shell.stream.on('data', (chunk: Buffer) => this.output(chunk));
    shell.stream.on('error', (error: Error) => this.logger.warn(`terminal ${this.id}: ${error.message}`));
    shell.stream.on('close', () => void this.shellEnded());
    shell.stream.on('end', () => void this.shellEnded());
    // Nobody is watching until a socket attaches: the grace period runs from the start.
    this.startGrace();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Shows this shell on `socket`, after the output it missed (a socket already attached is replaced). */
  attach(socket: WebSocket): void {
    if (this.ended) {
      socket.close(CLOSE.unavailable, 'the shell has ended');
      return;
    }
    if (this.socket) this.release(CLOSE.unavailable, 'the terminal was opened elsewhere');
    clearTimeout(this.grace);
    this.socket = socket;
    const replay = this.ring.contents();
    socket.send(JSON.stringify({ type: 'session', id: this.id, replayed: replay.length }));
    if (replay.length > 0) socket.send(replay, { binary: true });

    let alive = true;
    socket.on('pong', () => (alive = true));
    this.heartbeat = setInterval(() => {
      if (!alive) {
        this.logger.log(`terminal ${this.id}: no answer to the last ping, closing the socket`);
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.timing.heartbeatMs);

    socket.on('message', (data: Buffer, isBinary: boolean) => this.input(socket, data, isBinary));
    socket.on('close', () => this.detached(socket));
    socket.on('error', () => socket.terminate());
  }

  /** Ends the shell and closes the socket (shutdown, sandbox gone). */
  end(code: number = CLOSE.goingAway, reason = 'the terminal was closed'): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.grace);
    this.release(code, reason);
    this.shell.close();
    this.onEnd(this);
  }

  private output(chunk: Buffer): void {
    this.ring.write(chunk);
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    socket.send(chunk, { binary: true }, () => this.maybeResume(socket));
    if (!this.paused && socket.bufferedAmount > BUFFER_HIGH_BYTES) {
      this.paused = true;
      this.shell.stream.pause();
    }
  }

  private maybeResume(socket: WebSocket): void {
    if (this.paused && (this.socket !== socket || socket.bufferedAmount < BUFFER_LOW_BYTES)) this.resume();
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.shell.stream.resume();
  }

  private input(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    if (socket !== this.socket || this.ended) return;
    if (isBinary) {
      this.write(data);
      return;
    }
    const message = parseControlMessage(data.toString('utf8'));
    if (!message) {
      socket.close(CLOSE.badMessage, 'text frames must be control messages; send keystrokes as binary');
      return;
    }
    if (message.type === 'input') {
      this.write(message.data);
    } else {
      this.enqueue(() =>
        this.shell
          .resize({ cols: message.cols, rows: message.rows })
          .catch((error: Error) => this.logger.warn(`terminal ${this.id}: resize failed: ${error.message}`)),
      );
    }
  }

  private write(data: Buffer | string): void {
    if (this.queue) this.enqueue(() => void this.shell.stream.write(data));
    else this.shell.stream.write(data);
  }

  private enqueue(step: () => Promise<void> | void): void {
    const next = (this.queue ?? Promise.resolve()).then(step);
    this.queue = next;
    void next.finally(() => {
      if (this.queue === next) this.queue = undefined;
    });
  }

  /** The socket went away: keep the shell for a reconnect, recording its output meanwhile. */
  private detached(socket: WebSocket): void {
    if (socket !== this.socket) return;
    clearInterval(this.heartbeat);
    this.socket = undefined;
    this.resume();
    if (!this.ended) this.startGrace();
  }

  private startGrace(): void {
    clearTimeout(this.grace);
    this.grace = setTimeout(() => this.end(CLOSE.goingAway, 'no reconnect in time'), this.timing.graceMs);
    this.grace.unref();
  }

  private release(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    clearInterval(this.heartbeat);
    this.socket = undefined;
    this.resume();
    socket.close(code, reason);
  }

  private async shellEnded(): Promise<void> {
    if (this.ended) return;
    const code = await this.shell.exitCode().catch(() => undefined);
    if (this.ended) return;
    const socket = this.socket;
    if (socket?.readyState === socket?.OPEN) socket?.send(JSON.stringify({ type: 'exit', code: code ?? null }));
    this.end(CLOSE.normal, 'the shell has ended');
  }
}
