import { NOT_FOUND_MARKER, type RedisSeed } from '@lab/caching';
import { keyPatterns } from '../cache/cache-keys';

/**
 * What Redis holds right after boot or a reset: no cache entries (every lesson starts cold), only
 * a hash that spells out the key naming, for students browsing with redis-cli (`HGETALL lab:keys`).
 */
export const KEY_PATTERNS_KEY = 'lab:keys';

export const REDIS_SEED: RedisSeed = [
  { type: 'hash', key: KEY_PATTERNS_KEY, fields: { ...keyPatterns(), 'not-found marker': NOT_FOUND_MARKER } },
];
