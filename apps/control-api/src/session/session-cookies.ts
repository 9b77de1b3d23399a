import { LabConfig } from '@lab/config';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ForeignOriginException } from '../access/access.errors';
import { originVerdict } from '../access/origin-rule';
import { LAB_CONFIG } from '../config.provider';
import { BrowserSession, BrowserSessions } from './browser-sessions.service';
import { clearSessionCookie, sessionSecretOf, setSessionCookie } from './session-cookie';

/** Opens and closes browser sessions over HTTP: the routes that sign in (session, join) and out. */
@Injectable()
export class SessionCookies {
  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly sessions: BrowserSessions,
  ) {}

  /**
   * Sign-in and join come without a session yet, so no Origin is demanded (API clients send none);
   * but one a browser sent must be this API's: another origin's page must not sign a visitor in to
   * an account of its choosing (login CSRF).
   */
  refuseForeignOrigin(request: Request): void {
    if (request.headers.origin === undefined) return;
    this.assertOwnOrigin(request);
  }

  /** The Origin rule of cookie-authenticated changes (origin-rule.ts), as the AccessGuard applies it. */
  assertOwnOrigin(request: Request): void {
    const verdict = originVerdict(request, this.config.publicOrigin);
    if (!verdict.allowed) throw new ForeignOriginException(verdict.detail);
  }

  /**
   * A session for `token` in a new cookie (the session the request's cookie held, if any, is ended
   * first: no one keeps a session id chosen before the sign-in). Undefined, and nothing set, when
   * the token is not usable.
   */
  async open(request: Request, response: Response, token: string): Promise<BrowserSession | undefined> {
    await this.endCurrent(request);
    const session = await this.sessions.signIn(token);
    if (session) setSessionCookie(request, response, session.secret, session.expiresAt);
    return session;
  }

  /** Ends the request's session on the server and tells the browser to drop the cookie. */
  async close(request: Request, response: Response): Promise<void> {
    await this.endCurrent(request);
    clearSessionCookie(request, response);
  }

  private async endCurrent(request: Request): Promise<void> {
    const secret = sessionSecretOf(request);
    if (secret !== undefined) await this.sessions.signOut(secret);
  }
}
