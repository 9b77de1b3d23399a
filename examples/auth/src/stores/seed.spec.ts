import { familyOf } from '@lab/auth';
import { checksumSeed } from '@lab/caching';
import { readFileSync } from 'node:fs';
// Not part of the barrel: the app re-implements it for the seed, this proves the two agree.
import { digest } from '../../../../libs/auth/src/redis/random-id';
import { join } from 'node:path';
import { USERNAME_PATTERN } from '../users/user.dto';
import { REDIS_SEED, SEED_REFRESH_FAMILY, SEED_REFRESH_TOKEN, SEED_USERS, refreshFamilyKey, tokenDigest } from './seed';

describe('the seed', () => {
  it('has a refresh token shaped like every @lab/auth token, in a family of its own', () => {
    expect(familyOf(SEED_REFRESH_TOKEN)).toBe(SEED_REFRESH_FAMILY);
    const family = REDIS_SEED.find((entry) => entry.key === refreshFamilyKey(SEED_REFRESH_FAMILY));
    expect(family).toMatchObject({
      type: 'hash',
      fields: { subject: 'alice', current: tokenDigest(SEED_REFRESH_TOKEN) },
    });
  });

  it('is deterministic, and digests tokens exactly as @lab/auth does', () => {
    expect(checksumSeed(REDIS_SEED)).toBe(checksumSeed([...REDIS_SEED].reverse()));
    expect(tokenDigest(SEED_REFRESH_TOKEN)).toBe(digest(SEED_REFRESH_TOKEN));
  });

  it('documents the same token and digest in lab.yaml and README.md as the code seeds', () => {
    const manifest = readFileSync(join(__dirname, '../../lab.yaml'), 'utf8');
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const text of [manifest, readme]) expect(text).toContain(SEED_REFRESH_TOKEN);
    expect(manifest).toContain(`used:${tokenDigest(SEED_REFRESH_TOKEN)}`);
    for (const user of SEED_USERS) {
      expect(user.username).toMatch(USERNAME_PATTERN);
      expect(readme).toContain(user.password);
    }
  });
});
