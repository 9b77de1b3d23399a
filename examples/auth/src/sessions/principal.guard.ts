import {
  AccessTokenRejected,
  AccessTokens,
  CSRF_HEADER,
  parseCookieHeader,
  sessionCookieName,
  type Principal,
  type Session,
  type SessionCookieOptions,
} from '@lab/auth';
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import { ACCESS_TOKENS, SESSION_STORE } from '../tokens/auth.tokens';
import { csrfVerdict } from './cross-site';
import type { AuthSessions, SessionData } from './session-data';
import { SESSION_COOKIE } from './session-cookie';
import { SessionsService } from './sessions.service';

export interface AuthRequest extends Request {
  user?: Principal & { via: 'bearer' | 'session' };
  /** The session the cookie names, when it exists in Redis. */
  authSession?: Session<SessionData>;
  /** The id the cookie carried (even when the session is gone). */
  sessionId?: string;
}

/**
 * Runs before every route: finds out who is calling and enforces CSRF for the cookie flow.
 *
 * - `Authorization: Bearer <jwt>`: the access token is verified (pinned algorithm, iss, aud, exp);
 *   an invalid one is a 401 whatever the route, never "anonymous".
 * - otherwise the session cookie: the session's user, if logged in. A state-changing request
 *   that comes with a session must carry the session's CSRF token (cross-site.ts).
 *
 * It never refuses a request for lacking credentials: `@Roles` (RolesGuard) decides that.
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKENS) private readonly access: AccessTokens,
    @Inject(SESSION_STORE) private readonly sessions: AuthSessions,
    @Inject(SESSION_COOKIE) private readonly cookie: SessionCookieOptions,
    @Inject(SessionsService) private readonly sessionsService: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      request.user = { ...(await this.verifyBearer(authorization)), via: 'bearer' };
      return true;
    }
    request.sessionId = parseCookieHeader(request.headers.cookie).get(sessionCookieName(this.cookie)) || undefined;
    // A session from before the user's last password change comes back undefined (and is gone).
    const session = await this.sessionsService.validate(await this.sessions.get(request.sessionId));
    request.authSession = session;
    const user = session?.data.user;
    if (user) request.user = { subject: user.username, roles: user.roles, via: 'session' };

    const presented = request.headers[CSRF_HEADER];
    const verdict = csrfVerdict({
      method: request.method,
      hasSession: session !== undefined,
      sessionToken: session?.data.csrfToken,
      presentedToken: typeof presented === 'string' ? presented : undefined,
      origin: {
        host: request.headers.host,
        origin: request.headers.origin,
        secFetchSite: header(request, 'sec-fetch-site'),
      },
    });
    if (!verdict.ok) {
      throw new ProblemException(HttpStatus.FORBIDDEN, csrfDetail(verdict.reason), {
        type: problemType('csrf'),
        title: 'CSRF check failed',
        reason: verdict.reason,
      });
    }
    return true;
  }

  private async verifyBearer(authorization: string): Promise<Principal> {
    const token = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/i.exec(authorization)?.[1];
    try {
      if (!token) throw new AccessTokenRejected('malformed');
      const claims = await this.access.verify(token);
      return { subject: claims.subject, roles: claims.roles };
    } catch (error) {
      if (!(error instanceof AccessTokenRejected)) throw error;
      throw new ProblemException(HttpStatus.UNAUTHORIZED, `The access token was refused: ${error.reason}.`, {
        type: problemType('invalid-token'),
        title: 'Invalid access token',
        reason: error.reason,
        // RFC 6750 §3: tell the client which scheme and why.
        headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.reason}"` },
      });
    }
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function csrfDetail(reason: string): string {
  switch (reason) {
    case 'cross-site':
      return 'A cross-site request may not log in here.';
    case 'missing-token':
      return `This request comes with a session cookie but without the ${CSRF_HEADER} header: GET /session gives the token.`;
    default:
      return `The ${CSRF_HEADER} header does not match this session's token.`;
  }
}
