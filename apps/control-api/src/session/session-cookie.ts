import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser session cookie. Its value is a random session secret, never the token (see
 * BrowserSessions for why). Not `__Host-` prefixed: that prefix demands `Secure`, and the API is
 * also used over plain http on the machine itself.
 */
export const SESSION_COOKIE = 'lab_session';

export const SESSION_SECRET_PREFIX = 'lab_ses_';
/** `lab_ses_` + 43 base64url characters (32 random bytes). */
const SECRET_PATTERN = /^lab_ses_[A-Za-z0-9_-]{43}$/;

/**
 * HttpOnly: page scripts never read it. SameSite=Strict: no other site's page makes the browser
 * send it. Path=/: the API and the web app it serves share it. Secure when the request came over
 * https — `request.secure` believes X-Forwarded-Proto only from the proxies LAB_TRUST_PROXY trusts.
 */
export function sessionCookieOptions(request: Pick<FastifyRequest, 'protocol'>): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' };
}

export function setSessionCookie(
  request: FastifyRequest,
  response: FastifyReply,
  secret: string,
  expiresAt: Date,
): void {
  // Max-Age in seconds (Expires too, as Express wrote it).
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1_000));
  void response.setCookie(SESSION_COOKIE, secret, { ...sessionCookieOptions(request), maxAge, expires: expiresAt });
}

export function clearSessionCookie(request: FastifyRequest, response: FastifyReply): void {
  void response.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
}

/**
 * The session secret the request's cookie carries, if it has the right shape. Reads
 * `request.cookies` (@fastify/cookie, registered in configureApp) or, where no middleware ran (a
 * WebSocket upgrade), the raw `Cookie` header.
 */
export function sessionSecretOf(request: {
  cookies?: Record<string, unknown>;
  headers?: { cookie?: string };
}): string | undefined {
  const value =
    request.cookies === undefined ? rawSessionCookie(request.headers?.cookie) : request.cookies[SESSION_COOKIE];
  return typeof value === 'string' && SECRET_PATTERN.test(value) ? value : undefined;
}

/** The value of `lab_session` in a raw `Cookie` header (the first one, as @fastify/cookie takes it). */
function rawSessionCookie(header: string | undefined): string | undefined {
  const pair = cookiePairs(header).find(([name]) => name === SESSION_COOKIE);
  return pair?.[1];
}

function cookiePairs(header: string | undefined): [string, string][] {
  return (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => [part.slice(0, part.indexOf('=')).trim(), part.slice(part.indexOf('=') + 1).trim()]);
}

/**
 * A `Cookie` header without the session cookie, for whatever the API forwards a browser's request
 * to (the example apps behind the app proxy must never see a session of the API); undefined when
 * nothing is left.
 */
export function withoutSessionCookie(header: string | undefined): string | undefined {
  const kept = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.slice(0, Math.max(0, part.indexOf('='))).trim() !== SESSION_COOKIE);
  return kept.length === 0 ? undefined : kept.join('; ');
}
