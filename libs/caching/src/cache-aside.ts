import type Redis from 'ioredis';
import { assertTtls, readEntry, writeEntry, type EntryTtls } from './cache-entry';
import type { CacheRead } from './cache-read';
import { jsonSerializer, type Serializer } from './serialization';
import type { CacheStats } from './stats';

export interface CacheAsideRead<T> extends EntryTtls {
  redis: Redis;
  key: string;
  /** Reads the source of truth; `undefined` means "no such item". */
  load: () => Promise<T | undefined>;
  serializer?: Serializer<T>;
  stats?: CacheStats;
}

/**
 * Cache-aside (lazy loading), spelled out: the *application* looks in the cache, and on a miss
 * reads the source itself and puts the result in the cache with a TTL. Simple and explicit — and
 * unprotected: N concurrent readers of a cold key all miss and all load (compare
 * `ReadThroughCache` with single-flight).
 */
export async function cacheAside<T>(read: CacheAsideRead<T>): Promise<CacheRead<T>> {
  assertTtls(read);
  const serializer = read.serializer ?? jsonSerializer<T>();
  const start = performance.now();

  // 1. Look in the cache.
  const lookup = await readEntry(read.redis, read.key, serializer);
  let result: CacheRead<T>;
  if (lookup.cached) {
    // 2. Hit: done, the source is not touched.
    result = { key: read.key, outcome: 'hit', via: 'cache', value: lookup.value };
  } else {
    // 3. Miss: read the source, 4. remember the answer for ttlMs (or negativeTtlMs if not found).
    const value = await read.load();
    await writeEntry(read.redis, read.key, value, read, serializer);
    result = { key: read.key, outcome: 'miss', via: 'loader', value };
  }

  read.stats?.recordRead(result.outcome, performance.now() - start);
  return result;
}
