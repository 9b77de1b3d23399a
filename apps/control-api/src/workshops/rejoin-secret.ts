import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'seat_';
const BYTES = 24; // 192 bits: as unguessable as a token, short enough to note down

/**
 * What lets a student take their seat back after losing the token (another browser, a closed tab):
 * shown once, at the first join; only its hash is stored. Without it, a name that already holds a
 * seat is refused, so nobody takes over a seat by typing a classmate's name.
 */
export function generateRejoinSecret(): string {
  return PREFIX + randomBytes(BYTES).toString('base64url');
}

export function hashRejoinSecret(secret: string): string {
  return createHash('sha256').update(secret.trim(), 'utf8').digest('hex');
}

/** Whether `presented` is the secret whose hash is `storedHash` (constant time; no hash, no match). */
export function rejoinSecretMatches(presented: string | undefined, storedHash: string | null): boolean {
  if (presented === undefined || storedHash === null) return false;
  const actual = Buffer.from(hashRejoinSecret(presented), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
