import { isTokenUsable } from './token-validity';

describe('isTokenUsable', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

  it('accepts a token without expiry that was never revoked', () => {
    expect(isTokenUsable({ revokedAt: null, expiresAt: null }, now)).toBe(true);
  });

  it('accepts a token until its expiry, not at or after it', () => {
    expect(isTokenUsable({ revokedAt: null, expiresAt: at(1) }, now)).toBe(true);
    expect(isTokenUsable({ revokedAt: null, expiresAt: at(0) }, now)).toBe(false);
    expect(isTokenUsable({ revokedAt: null, expiresAt: at(-60_000) }, now)).toBe(false);
  });

  it('rejects a revoked token even before its expiry', () => {
    expect(isTokenUsable({ revokedAt: at(-1), expiresAt: at(60_000) }, now)).toBe(false);
  });
});
