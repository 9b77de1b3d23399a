import type { RedisSeed } from '@lab/caching';
import { createHash } from 'node:crypto';

/**
 * The example's seed, documented for students in examples/auth/README.md: a few users with known
 * passwords (PostgreSQL; the hashes are made at first boot, with random salts) and one refresh
 * token family in Redis, as if alice had logged in on her phone yesterday.
 */
export interface SeedUser {
  username: string;
  /** Plain text on purpose: throwaway sandbox identities students type in. */
  password: string;
  roles: string[];
}

export const SEED_USERS: readonly SeedUser[] = [
  { username: 'alice', password: 'alice-in-the-lab', roles: ['student'] },
  { username: 'bob', password: 'bob-builds-backends', roles: ['student'] },
  { username: 'admin', password: 'admin-keeps-the-keys', roles: ['admin'] },
];

/** Everything in Redis belongs under this prefix (the @lab/auth stores take it as an option). */
export const REDIS_PREFIX = 'auth';

/** Written last by every seeding, so "the marker exists" means "the seed is complete". */
export const SEED_MARKER_KEY = `${REDIS_PREFIX}:seed`;
export const SEED_VERSION = 'v1';

/** Deterministic, so the README can print it: `<familyId>.<secret>` like every @lab/auth refresh token. */
export const SEED_REFRESH_FAMILY = fromLabel('seed-refresh-family', 16);
export const SEED_REFRESH_TOKEN = `${SEED_REFRESH_FAMILY}.${fromLabel('seed-refresh-secret', 32)}`;
/** 2100-01-01: the seeded family's current token never expires (real ones do, see config.ts). */
export const SEED_REFRESH_EXPIRES_AT = '4102444800000';

export function refreshFamilyKey(familyId: string): string {
  return `${REDIS_PREFIX}:refresh-family:${familyId}`;
}

/** What @lab/auth stores instead of a bearer secret (redis/random-id.ts): SHA-256, base64url. */
export function tokenDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export const REDIS_SEED: RedisSeed = [
  {
    type: 'hash',
    key: refreshFamilyKey(SEED_REFRESH_FAMILY),
    fields: {
      subject: 'alice',
      revoked: '0',
      current: tokenDigest(SEED_REFRESH_TOKEN),
      expiresAt: SEED_REFRESH_EXPIRES_AT,
    },
  },
  { type: 'string', key: SEED_MARKER_KEY, value: SEED_VERSION },
];

function fromLabel(label: string, bytes: number): string {
  return createHash('sha256').update(`backend-lab auth ${label}`).digest().subarray(0, bytes).toString('base64url');
}
