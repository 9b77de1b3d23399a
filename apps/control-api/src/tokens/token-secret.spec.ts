import { generateToken, hashToken, looksLikeToken, TOKEN_PREFIX } from './token-secret';

describe('token secrets', () => {
  it('generates lab_ + 32 random bytes in base64url', () => {
    const token = generateToken();
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(token).toMatch(/^lab_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(looksLikeToken(token)).toBe(true);
  });

  it('never generates the same token twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, generateToken));
    expect(tokens.size).toBe(200);
  });

  it('hashes with sha256, hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken(generateToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['', 'lab_', 'lab_short', `x${generateToken()}`, `${generateToken()}x`, 'lab_' + '+'.repeat(43)])(
    'rejects the shape of %p',
    (token) => {
      expect(looksLikeToken(token)).toBe(false);
    },
  );
});
