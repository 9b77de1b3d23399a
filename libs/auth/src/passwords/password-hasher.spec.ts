import { OWASP_ARGON2ID, PasswordHasher, needsRehash } from './password-hasher';
import { parseArgon2Phc } from './phc';

const SALT = 'c29tZXNhbHRzb21lc2FsdA';
const HASH = 'q4Y6zNQYXxRZbq1V4RrU0v9p0l2i1X7z8jP1yJc2dQk';

describe('passwords', () => {
  it('parses a PHC string into algorithm and parameters', () => {
    expect(parseArgon2Phc(`$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`)).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryKiB: 19456,
      iterations: 2,
      parallelism: 1,
      salt: SALT,
      hash: HASH,
    });
    // node-argon2 writes m,p,t: order must not matter.
    expect(parseArgon2Phc(`$argon2id$v=19$m=19456,p=1,t=2$${SALT}$${HASH}`)).toMatchObject({
      memoryKiB: 19456,
      iterations: 2,
      parallelism: 1,
    });
    expect(() => parseArgon2Phc('$2b$12$abcdefghijklmnopqrstuv')).toThrow(/PHC/);
    expect(() => parseArgon2Phc(`$argon2id$v=19$m=19456,p=1$${SALT}$${HASH}`)).toThrow(/lacks/);
  });

  it('asks for a rehash when algorithm or parameters differ from the policy', () => {
    const phc = (algorithm: string, m: number, t: number, p = 1) =>
      `$${algorithm}$v=19$m=${m},t=${t},p=${p}$${SALT}$${HASH}`;
    expect(needsRehash(phc('argon2id', 19456, 2), OWASP_ARGON2ID)).toBe(false);
    expect(needsRehash(phc('argon2i', 19456, 2), OWASP_ARGON2ID)).toBe(true);
    expect(needsRehash(phc('argon2id', 4096, 3), OWASP_ARGON2ID)).toBe(true);
    expect(needsRehash(phc('argon2id', 19456, 1), OWASP_ARGON2ID)).toBe(true);
    expect(needsRehash(phc('argon2id', 19456, 2, 4), OWASP_ARGON2ID)).toBe(true);
    expect(needsRehash('$2b$12$bcrypt-from-an-old-system', OWASP_ARGON2ID)).toBe(true);
  });

  it('refuses a policy weaker than the OWASP minimum', () => {
    expect(() => new PasswordHasher({ memoryKiB: 4096, iterations: 2, parallelism: 1 })).toThrow(/OWASP/);
  });

  it('hashes with argon2id at the policy, verifies, and never throws on garbage', async () => {
    const hasher = new PasswordHasher();
    const stored = await hasher.hash('correct horse battery staple');
    expect(parseArgon2Phc(stored)).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 19456,
      iterations: 2,
      parallelism: 1,
    });
    expect(await hasher.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(stored, 'Correct horse battery staple')).toBe(false);
    expect(await hasher.verify('not a hash', 'x')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(new PasswordHasher({ ...OWASP_ARGON2ID, iterations: 3 }).needsRehash(stored)).toBe(true);
    // Same password, new random salt: equal passwords do not produce equal hashes.
    expect(await hasher.hash('correct horse battery staple')).not.toBe(stored);
  });
});
