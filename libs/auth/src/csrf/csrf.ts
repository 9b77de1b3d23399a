import { timingSafeEqual } from 'node:crypto';
import { randomId } from '../redis/random-id';

/** Where a client sends the token back: a header for fetch/XHR, a hidden field for HTML forms. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FORM_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A synchronizer token: random, kept in the server-side session, rendered into the page. */
export function createCsrfToken(): string {
  return randomId();
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: 'missing-session-token' | 'missing-token' | 'mismatch' };

/**
 * Synchronizer-token check (OWASP CSRF cheat sheet). A cross-site page can make the browser send
 * the session cookie, but it cannot read our pages, so it cannot know the token that only our pages
 * carry. Safe methods pass: they must not change state in the first place.
 */
export function checkCsrf(request: {
  method: string;
  sessionToken: string | undefined;
  presentedToken: string | undefined;
}): CsrfVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  if (!request.sessionToken) return { ok: false, reason: 'missing-session-token' };
  if (!request.presentedToken) return { ok: false, reason: 'missing-token' };
  return constantTimeEqual(request.sessionToken, request.presentedToken)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** Compares without an early exit, so response timing does not reveal how many leading characters matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
