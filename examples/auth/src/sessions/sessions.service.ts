import {
  createCsrfToken,
  CredentialsEpochs,
  credentialsEpochKey as libCredentialsEpochKey,
  serializeSessionCookie,
  type Session,
  type SessionCookieOptions,
} from '@lab/auth';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { AUTH_CONFIG, type AuthAppConfig } from '../config';
import { REDIS } from '../stores/redis';
import { REDIS_PREFIX, tokenDigest } from '../stores/seed';
import { SESSION_STORE } from '../tokens/auth.tokens';
import { SESSION_COOKIE } from './session-cookie';
import type { AuthSessions, SessionData } from './session-data';

/**
 * The Redis set listing a user's sessions (by the digest @lab/auth keys them with), for the lesson
 * and to delete the others at once after a password change. Its TTL is pushed out at every request
 * of every session in it, so it outlives them all; yet correctness does not rest on it: the
 * credentials epoch ends a session the index missed at that session's next request.
 */
export function userSessionsKey(username: string): string {
  return `${REDIS_PREFIX}:user-sessions:${username}`;
}

function sessionKey(sessionDigest: string): string {
  return `${REDIS_PREFIX}:session:${sessionDigest}`;
}

function credentialsEpochKey(username: string): string {
  return libCredentialsEpochKey(REDIS_PREFIX, username);
}

/** Cookie-flow sessions on top of @lab/auth's SessionStore, plus a per-user index of them. */
@Injectable()
export class SessionsService {
  /** Shared with the refresh-token store (same prefix, same key): one INCR voids both. */
  private readonly epochs: CredentialsEpochs;

  constructor(
    @Inject(SESSION_STORE) private readonly sessions: AuthSessions,
    @Inject(SESSION_COOKIE) private readonly cookie: SessionCookieOptions,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTH_CONFIG) private readonly config: AuthAppConfig,
  ) {
    this.epochs = new CredentialsEpochs(redis, { prefix: REDIS_PREFIX });
  }

  /**
   * Every request with a signed-in session passes here (PrincipalGuard): a session from before
   * the user's last password change is deleted and the request is anonymous; a live one is
   * (re)listed in the user's index, whose TTL starts again like the session's own.
   */
  async validate(session: Session<SessionData> | undefined): Promise<Session<SessionData> | undefined> {
    const user = session?.data.user;
    if (!session || !user) return session;
    const index = userSessionsKey(user.username);
    const sessionDigest = tokenDigest(session.id);
    const results = await this.redis
      .multi()
      .get(credentialsEpochKey(user.username))
      .sadd(index, sessionDigest)
      .expire(index, this.config.sessions.idleTtlSeconds)
      .exec();
    const epoch = Number(results?.[0]?.[1] ?? 0);
    if ((session.data.credentialsEpoch ?? 0) >= epoch) return session;
    await this.redis.multi().del(sessionKey(sessionDigest)).srem(index, sessionDigest).exec();
    return undefined;
  }

  /**
   * After a password change: every refresh-token family and every session of the user but `keep`
   * is void (the epoch), and the sessions the index lists are deleted right now. `keep` gets the
   * new epoch BEFORE the epoch moves, so no request of the user's own session sees it stale.
   */
  async passwordChanged(username: string, keep: Session<SessionData> | undefined): Promise<void> {
    if (keep?.data.user) {
      const next = (await this.epochs.current(username)) + 1;
      await this.sessions.save({ ...keep, data: { ...keep.data, credentialsEpoch: next } });
    }
    await this.epochs.advance(username);
    await this.signOutOthers(username, keep);
  }

  /** An anonymous session: it exists to carry the CSRF token the login form sends back. */
  async anonymous(response: Response): Promise<Session<SessionData>> {
    const session = await this.sessions.create({ csrfToken: createCsrfToken() });
    this.setCookie(response, session.id);
    return session;
  }

  /**
   * Login (and any privilege change): a NEW session id and a new CSRF token, the old session
   * deleted. An id an attacker planted in the victim's browser before login is worthless after.
   */
  async signIn(
    response: Response,
    previous: Session<SessionData> | undefined,
    user: NonNullable<SessionData['user']>,
  ): Promise<Session<SessionData>> {
    const credentialsEpoch = await this.epochs.current(user.username);
    const session = await this.sessions.regenerate(previous?.id, {
      csrfToken: createCsrfToken(),
      user,
      credentialsEpoch,
    });
    const index = userSessionsKey(user.username);
    const tx = this.redis.multi();
    if (previous?.data.user) tx.srem(userSessionsKey(previous.data.user.username), tokenDigest(previous.id));
    await tx.sadd(index, tokenDigest(session.id)).expire(index, this.config.sessions.idleTtlSeconds).exec();
    this.setCookie(response, session.id);
    return session;
  }

  /** Replaces the session's data under a new id (e.g. remembering a login in progress). */
  async restart(response: Response, previous: Session<SessionData> | undefined, data: SessionData) {
    if (previous?.data.user)
      await this.redis.srem(userSessionsKey(previous.data.user.username), tokenDigest(previous.id));
    const session = await this.sessions.regenerate(previous?.id, data);
    this.setCookie(response, session.id);
    return session;
  }

  async signOut(session: Session<SessionData> | undefined): Promise<void> {
    if (!session) return;
    await this.sessions.destroy(session.id);
    if (session.data.user) await this.redis.srem(userSessionsKey(session.data.user.username), tokenDigest(session.id));
  }

  /** Ends every session of the user but `keep` (after a password change: a thief's session dies too). */
  async signOutOthers(username: string, keep: Session<SessionData> | undefined): Promise<number> {
    const index = userSessionsKey(username);
    const kept = keep ? tokenDigest(keep.id) : undefined;
    const others = (await this.redis.smembers(index)).filter((digest) => digest !== kept);
    if (others.length === 0) return 0;
    await this.redis
      .multi()
      .del(...others.map(sessionKey))
      .srem(index, ...others)
      .exec();
    return others.length;
  }

  clearCookie(response: Response): void {
    response.setHeader('set-cookie', serializeSessionCookie('', { ...this.cookie, maxAgeSeconds: 0 }));
  }

  private setCookie(response: Response, id: string): void {
    response.setHeader('set-cookie', serializeSessionCookie(id, this.cookie));
    // A page carrying a CSRF token or a fresh cookie must not be cached by anyone.
    response.setHeader('cache-control', 'no-store');
  }
}
