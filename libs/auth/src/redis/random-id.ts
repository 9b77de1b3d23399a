import { createHash, randomBytes } from 'node:crypto';

/** `bytes` from the CSPRNG, URL-safe. 32 bytes = 256 bits: far beyond guessing or birthday collisions. */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * What we store in Redis instead of a bearer secret: whoever reads a dump or a MONITOR stream gets
 * hashes that cannot be replayed as cookies or tokens. SHA-256 suffices: the input is random, not a password.
 */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
