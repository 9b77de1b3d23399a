import type { AccessTokenRecord } from './tokens.repository';

/** A stored token grants access while it is neither revoked nor past its expiry (if it has one). */
export function isTokenUsable(token: Pick<AccessTokenRecord, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  if (token.revokedAt !== null) return false;
  return token.expiresAt === null || token.expiresAt.getTime() > now.getTime();
}
