import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject, Subscription, takeUntil } from 'rxjs';
import type { Principal } from '../access/access-token.verifier';
import { Credential, CREDENTIAL_VERIFIER, credentialKey, CredentialVerifier } from '../access/credential';
import { LAB_CONFIG } from '../config.provider';
import { TokenRevocations } from '../tokens/token-revocations';
import { failureReason } from './failure-reason';
import { TooManyStreamsException } from './sandbox.errors';
import { SandboxesRepository } from './sandboxes.repository';

/**
 * How often open streams are checked against the database: a token revoked, a browser session
 * signed out or a sandbox deleted by another API process ends its streams within this (plus one
 * query); so does a sign-out in this process. In this process a revocation or a deletion ends them
 * at once.
 */
const RECHECK_MS = 500;
/** A stream reserved but never subscribed (the client left during setup) is released after this. */
const UNCLAIMED_MS = 10_000;

interface StreamTicket {
  userId: string;
  /** What opened the stream (a bearer token or a browser session): checked again every RECHECK_MS. */
  credential: Credential | undefined;
  sandboxIds: readonly string[];
  end: Subject<void>;
  claimed: boolean;
  closed: boolean;
  cleanup?: () => void;
  unclaimed: NodeJS.Timeout;
}

/**
 * Every server-sent event stream (sandbox events and logs, workshop events): at most
 * LAB_STREAMS_PER_USER open per user in this process (the next is a 429), and each ends as soon
 * as the token (or browser session) that opened it is revoked or ends, or a sandbox it follows is
 * deleted.
 */
@Injectable()
export class SandboxStreams implements OnModuleDestroy {
  private readonly logger = new Logger(SandboxStreams.name);
  private readonly open = new Set<StreamTicket>();
  private readonly revocations: Subscription;
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(CREDENTIAL_VERIFIER) private readonly verifier: CredentialVerifier,
    private readonly sandboxes: SandboxesRepository,
    revocations: TokenRevocations,
  ) {
    this.revocations = revocations.ids.subscribe((tokenId) => this.endWhere((ticket) => ticket.userId === tokenId));
  }

  /**
   * Reserves a stream for this caller and returns `source` bounded by it: it completes when the
   * caller's credential (bearer token or browser session, as the AccessGuard found it) stops being
   * valid — revoked, expired, signed out — or one of `sandboxIds` is deleted.
   * Throws the 429 when the caller has LAB_STREAMS_PER_USER open already. `cleanup` runs when the
   * stream ends, or when it is never subscribed.
   */
  bound<T>(
    principal: Principal,
    credential: Credential | undefined,
    sandboxIds: readonly string[],
    source: Observable<T>,
    cleanup?: () => void,
  ): Observable<T> {
    const limit = this.config.streamsPerUser;
    const mine = [...this.open].filter((ticket) => ticket.userId === principal.userId).length;
    if (mine >= limit) {
      cleanup?.();
      throw new TooManyStreamsException(limit);
    }
    const ticket: StreamTicket = {
      userId: principal.userId,
      credential,
      sandboxIds,
      end: new Subject<void>(),
      claimed: false,
      closed: false,
      cleanup,
      unclaimed: setTimeout(() => this.close(ticket), UNCLAIMED_MS).unref(),
    };
    this.open.add(ticket);
    this.timer ??= setInterval(() => void this.recheck(), RECHECK_MS).unref();
    return new Observable<T>((subscriber) => {
      if (ticket.closed || ticket.claimed) {
        subscriber.complete();
        return undefined;
      }
      ticket.claimed = true;
      clearTimeout(ticket.unclaimed);
      const subscription = source.pipe(takeUntil(ticket.end)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.close(ticket);
      };
    });
  }

  /** Streams open in this process (for tests and metrics). */
  openCount(): number {
    return this.open.size;
  }

  onModuleDestroy(): void {
    this.revocations.unsubscribe();
    this.endWhere(() => true);
    clearInterval(this.timer);
  }

  private close(ticket: StreamTicket): void {
    if (ticket.closed) return;
    ticket.closed = true;
    clearTimeout(ticket.unclaimed);
    this.open.delete(ticket);
    ticket.cleanup?.();
    ticket.end.complete();
    if (this.open.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private endWhere(matches: (ticket: StreamTicket) => boolean): void {
    for (const ticket of [...this.open]) {
      if (!matches(ticket)) continue;
      if (ticket.claimed) ticket.end.next();
      else this.close(ticket);
    }
  }

  /** One pass over every open stream: one verification per distinct credential, one query for the sandboxes. */
  private async recheck(): Promise<void> {
    if (this.checking || this.open.size === 0) return;
    this.checking = true;
    try {
      const tickets = [...this.open];
      const credentials = new Map(
        tickets.flatMap((ticket) =>
          ticket.credential === undefined ? [] : [[credentialKey(ticket.credential), ticket.credential] as const],
        ),
      );
      const revoked = new Set<string>();
      for (const [key, credential] of credentials) if (!(await this.verifier.verify(credential))) revoked.add(key);
      const ids = [...new Set(tickets.flatMap((ticket) => ticket.sandboxIds))];
      const rows = new Map((await this.sandboxes.findByIds(ids)).map((row) => [row.id, row]));
      const gone = new Set(ids.filter((id) => rows.get(id)?.desired !== 'running'));
      this.endWhere(
        (ticket) =>
          (ticket.credential !== undefined && revoked.has(credentialKey(ticket.credential))) ||
          ticket.sandboxIds.some((id) => gone.has(id)),
      );
    } catch (error) {
      this.logger.warn(`could not check open streams: ${failureReason(error, {})}`);
    } finally {
      this.checking = false;
    }
  }
}
