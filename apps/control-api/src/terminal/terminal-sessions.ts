import { LabConfig } from '@lab/config';
import type { SandboxRuntime, TerminalSize } from '@lab/runtime';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { LAB_CONFIG } from '../config.provider';
import { SANDBOX_RUNTIME } from '../runtime/runtime.tokens';
import { TokenRevocations } from '../tokens/token-revocations';
import { CLOSE } from './terminal-protocol';
import { SessionOwner, TerminalSession } from './terminal-session';
import { TERMINAL_TIMING, TerminalTiming } from './terminal-timing';

/** Why a terminal was not opened; `code` is the WebSocket close code the client gets. */
export class TerminalRefused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The login shell of the toolbox, with the terminal type xterm.js speaks. */
const SHELL_ENV = { TERM: 'xterm-256color' };

/**
 * Every terminal of this API process: at most LAB_TERMINALS_PER_USER per user (shells waiting for a
 * reconnect count, or closing sockets would be a way around the limit), found again by id on a
 * reconnect by the same user for the same sandbox only. A token revoked in this process ends its
 * terminals at once (close 4401).
 */
@Injectable()
export class TerminalSessions implements OnModuleDestroy {
  private readonly logger = new Logger(TerminalSessions.name);
  private readonly sessions = new Map<string, TerminalSession>();
  /** Shells being opened (engine calls under way), counted against the limit already. */
  private readonly opening = new Map<string, number>();
  private readonly revocations: Subscription;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    @Inject(TERMINAL_TIMING) private readonly timing: TerminalTiming,
    revocations: TokenRevocations,
  ) {
    // A principal's userId is its token's id.
    this.revocations = revocations.ids.subscribe((tokenId) => {
      for (const session of [...this.sessions.values()]) {
        if (session.owner.userId === tokenId) session.end(CLOSE.unauthenticated, 'the token was revoked');
      }
    });
  }

  /** The live session `id` of this user and sandbox, if there is one. */
  find(owner: SessionOwner, id: string): TerminalSession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.isEnded) return undefined;
    return session.owner.userId === owner.userId && session.owner.sandboxId === owner.sandboxId ? session : undefined;
  }

  /** Opens a shell in `service` of the sandbox; refused when the user holds the limit already. */
  async open(owner: SessionOwner, service: string, size: TerminalSize): Promise<TerminalSession> {
    const limit = this.config.terminalsPerUser;
    if (this.countOf(owner.userId) >= limit) {
      throw new TerminalRefused(CLOSE.tooMany, `at most ${limit} terminals per user; close one first`);
    }
    this.opening.set(owner.userId, (this.opening.get(owner.userId) ?? 0) + 1);
    try {
      const started = performance.now();
      const shell = await this.runtime.attachShell(owner.sandboxId, service, { ...size, env: SHELL_ENV });
      const session = new TerminalSession(owner, shell, this.timing, (ended) => this.sessions.delete(ended.id));
      this.sessions.set(session.id, session);
      this.logger.log(
        `sandbox ${owner.sandboxId}: terminal ${session.id} opened in ${Math.round(performance.now() - started)} ms`,
      );
      return session;
    } finally {
      const left = (this.opening.get(owner.userId) ?? 1) - 1;
      if (left > 0) this.opening.set(owner.userId, left);
      else this.opening.delete(owner.userId);
    }
  }

  onModuleDestroy(): void {
    this.revocations.unsubscribe();
    for (const session of [...this.sessions.values()]) session.end(CLOSE.goingAway, 'the server is shutting down');
  }

  private countOf(userId: string): number {
    let count = this.opening.get(userId) ?? 0;
    for (const session of this.sessions.values()) if (session.owner.userId === userId) count++;
    return count;
  }
}
