import { generateRejoinSecret, hashRejoinSecret, rejoinSecretMatches } from './rejoin-secret';

describe('rejoin secrets', () => {
  it('are seat_ + 24 random bytes in base64url, different each time', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateRejoinSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) {
      expect(secret).toMatch(/^seat_[A-Za-z0-9_-]{32}$/);
      expect(Buffer.from(secret.slice(5), 'base64url')).toHaveLength(24);
    }
  });

  it('are stored as a sha256 (hex) that does not contain the secret', () => {
    const secret = generateRejoinSecret();
    expect(hashRejoinSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRejoinSecret(secret)).not.toContain(secret.slice(5));
    expect(hashRejoinSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('match only the secret that was hashed (surrounding spaces from a copy-paste forgiven)', () => {
    const secret = generateRejoinSecret();
    const stored = hashRejoinSecret(secret);
    expect(rejoinSecretMatches(secret, stored)).toBe(true);
    expect(rejoinSecretMatches(` ${secret}\n`, stored)).toBe(true);
    expect(rejoinSecretMatches(generateRejoinSecret(), stored)).toBe(false);
    expect(rejoinSecretMatches(secret.slice(0, -1), stored)).toBe(false);
    expect(rejoinSecretMatches(secret.toUpperCase(), stored)).toBe(false);
  });

  it('never match without a secret or without a stored hash', () => {
    const secret = generateRejoinSecret();
    expect(rejoinSecretMatches(undefined, hashRejoinSecret(secret))).toBe(false);
    expect(rejoinSecretMatches(secret, null)).toBe(false);
    expect(rejoinSecretMatches(secret, 'not-hex')).toBe(false);
  });
});
