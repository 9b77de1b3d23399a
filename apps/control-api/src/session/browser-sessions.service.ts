import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Subscription } from 'rxjs';
import { LAB_CONFIG } from '../config.provider';
import { DatabaseTokenVerifier, TokenIdentity } from '../tokens/database-token.verifier';
import { TokenRevocations } from '../tokens/token-revocations';
import { hashToken } from '../tokens/token-secret';
import { BrowserSessionsRepository } from './browser-sessions.repository';
import { SESSION_SECRET_PREFIX } from './session-cookie';

/** A session as its cookie's holder sees it. */
export interface BrowserSession {
  identity: TokenIdentity;
  expiresAt: Date;
}

/**
 * Browser sign-in: the cookie holds a random session secret, not the token, and the server keeps a
 * row per session (the secret's hash, the token's hash, an expiry). Why not the token itself in an
 * HttpOnly cookie:
 * - signing out ends the session on the server (the row is deleted), not merely in that browser;
 *   a copied cookie is worthless afterwards, while a copied token would still work;
 * - the session has its own, shorter life (LAB_SESSION_HOURS) than an admin's or leader's token;
 * - the database holds only hashes (a leaked state file opens no session).
 * Revocation stays immediate: every request checks the session's token again by its hash
 * (`DatabaseTokenVerifier.identifyHash`), so a revoked or expired token — or a changed
 * LAB_ADMIN_TOKEN — ends its sessions at the next request; the rows are deleted too.
 */
@Injectable()
export class BrowserSessions implements OnModuleDestroy {
  private readonly logger = new Logger(BrowserSessions.name);
  private readonly revocations: Subscription;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly tokens: DatabaseTokenVerifier,
    private readonly sessions: BrowserSessionsRepository,
    revocations: TokenRevocations,
  ) {
    this.revocations = revocations.ids.subscribe((tokenId) => {
      this.sessions.deleteOfUser(tokenId).catch((error: unknown) => {
        this.logger.warn(`could not delete the sessions of revoked token ${tokenId}: ${String(error)}`);
      });
    });
  }

  /**
   * The token of `userId` now expires later (a workshop extended): its sessions that ended with the
   * token's old expiry end with the new one, still never later than LAB_SESSION_HOURS after sign-in.
   */
  async followTokenExpiry(userId: string, previous: Date, next: Date): Promise<void> {
    for (const session of await this.sessions.ofUser(userId)) {
      if (session.expiresAt.getTime() !== previous.getTime()) continue;
      const limit = session.createdAt.getTime() + this.config.sessionLifetimeMs;
      await this.sessions.setExpiry(session.secretHash, new Date(Math.min(limit, next.getTime())));
    }
  }

  /**
   * A new session for `token` (undefined when the token is not usable): its secret, for the cookie
   * only. The session ends at LAB_SESSION_HOURS or at the token's expiry, whichever comes first.
   */
  async signIn(token: string): Promise<(BrowserSession & { secret: string }) | undefined> {
    const identity = await this.tokens.identify(token);
    if (!identity) return undefined;
    const now = new Date();
    await this.sessions.deleteExpired(now);
    const limit = now.getTime() + this.config.sessionLifetimeMs;
    const expiresAt = new Date(Math.min(limit, identity.expiresAt?.getTime() ?? limit));
    const secret = SESSION_SECRET_PREFIX + randomBytes(32).toString('base64url');
    await this.sessions.insert({
      secretHash: hashToken(secret),
      tokenHash: identity.tokenHash,
      userId: identity.principal.userId,
      createdAt: now,
      expiresAt,
    });
    this.logger.log(`browser session opened for ${identity.principal.role} ${identity.principal.userId}`);
    return { secret, identity, expiresAt };
  }

  /** The session of this secret while it and its token are both still valid. */
  async identify(secret: string): Promise<BrowserSession | undefined> {
    const session = await this.sessions.findBySecretHash(hashToken(secret));
    if (!session || session.expiresAt.getTime() <= Date.now()) return undefined;
    const identity = await this.tokens.identifyHash(session.tokenHash);
    if (!identity || identity.principal.userId !== session.userId) return undefined;
    return { identity, expiresAt: session.expiresAt };
  }

  /** Idempotent: an unknown or ended session is already signed out. */
  async signOut(secret: string): Promise<void> {
    await this.sessions.delete(hashToken(secret));
  }

  onModuleDestroy(): void {
    this.revocations.unsubscribe();
  }
}
