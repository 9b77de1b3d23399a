import type Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertPositiveMs, decodeEntry, readEntry } from './cache-entry';
import { lockKeyFor } from './keys';
import { RedisLock } from './redis-lock';
import type { Serializer } from './serialization';

export interface SingleFlightOptions {
  /** How long a loader may hold the lock; keep it well above the slowest load. */
  lockTtlMs: number;
  /** How often a waiter looks at the cache and the lock. */
  pollIntervalMs: number;
  /** How long a waiter waits in total before giving up on the other loader. */
  maxWaitMs: number;
  /**
   * After `maxWaitMs`: `load` the value without the lock (the source takes one more query, the
   * reader gets an answer; the default) or `throw` a `SingleFlightTimeoutError` (protects the
   * source at the reader's expense).
   */
  onWaitTimeout?: 'load' | 'throw';
}

export class SingleFlightTimeoutError extends Error {
  override readonly name = 'SingleFlightTimeoutError';
  constructor(
    readonly key: string,
    waitedMs: number,
  ) {
    super(`cache: gave up waiting ${waitedMs} ms for another loader of ${key}`);
  }
}

/** `loadedHere: false` — another loader (maybe in another process) filled the cache for us. */
export interface FlightResult<T> {
  value: T | undefined;
  loadedHere: boolean;
}

/**
 * Single-flight across processes: on a miss, only the holder of the key's Redis lock loads;
 * everyone else polls until the value appears in the cache. This is what keeps a cold or just
 * expired hot key from sending every concurrent reader to the database at once (a stampede).
 *
 * A waiter that sees the lock go without a value (the loader failed, or found nothing and
 * negative caching is off) tries to take the lock itself. Enable negative caching together with
 * single-flight, or every waiter of a missing id loads it in turn.
 */
export class SingleFlight {
  private readonly locks: RedisLock;
  private readonly onWaitTimeout: 'load' | 'throw';

  constructor(
    private readonly redis: Redis,
    private readonly options: SingleFlightOptions,
  ) {
    assertPositiveMs('lockTtlMs', options.lockTtlMs);
    assertPositiveMs('pollIntervalMs', options.pollIntervalMs);
    assertPositiveMs('maxWaitMs', options.maxWaitMs);
    this.locks = new RedisLock(redis);
    this.onWaitTimeout = options.onWaitTimeout ?? 'load';
  }

  /** `loadAndStore` must write the cache entry: waiters only ever look in the cache. */
  async run<T>(
    key: string,
    serializer: Serializer<T>,
    loadAndStore: () => Promise<T | undefined>,
  ): Promise<FlightResult<T>> {
    const lockKey = lockKeyFor(key);
    const started = performance.now();
    for (;;) {
      const lock = await this.locks.tryAcquire(lockKey, this.options.lockTtlMs);
      if (lock) {
        try {
          // Look again: the previous holder may have filled the cache between our miss and now.
          const lookup = await readEntry(this.redis, key, serializer);
          if (lookup.cached) return { value: lookup.value, loadedHere: false };
          return { value: await loadAndStore(), loadedHere: true };
        } finally {
          // A lock we fail to release is not worth failing the read for: it expires by itself.
          await this.locks.release(lock).catch(() => false);
        }
      }
      // Someone else is loading: wait for their value, or for their lock to go.
      for (;;) {
        const waitedMs = performance.now() - started;
        if (waitedMs >= this.options.maxWaitMs) {
          if (this.onWaitTimeout === 'throw') throw new SingleFlightTimeoutError(key, Math.round(waitedMs));
          return { value: await loadAndStore(), loadedHere: true };
        }
        await sleep(this.options.pollIntervalMs);
        // One round trip for both questions: is the value there, is the lock still held?
        const [text, holder] = await this.redis.mget(key, lockKey);
        const lookup = decodeEntry(text ?? null, serializer);
        if (lookup.cached) return { value: lookup.value, loadedHere: false };
        if (holder === null || holder === undefined) break; // released without a value: try to load ourselves
      }
    }
  }
}
