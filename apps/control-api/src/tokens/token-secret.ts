import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'lab_';
const TOKEN_BYTES = 32;
/** `lab_` + 43 base64url characters (32 random bytes, unpadded). */
const TOKEN_PATTERN = /^lab_[A-Za-z0-9_-]{43}$/;

/** A new bearer token: shown to its owner once, stored only as its hash. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** What the database keeps: the sha256 of the token, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before a database lookup. */
export function looksLikeToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
