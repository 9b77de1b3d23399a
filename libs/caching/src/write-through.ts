import type { CacheRead } from './cache-read';
import type { ReadThroughCache } from './read-through';

/**
 * Write-through: every write goes to the source of truth and then, in the same call, to the
 * cache — so a read right after a write is a hit with the new value. Writes get slower (two
 * stores), reads of recently written items get faster.
 *
 * The source goes first: if it refuses the write, the cache was never touched. If the cache
 * refuses after the source accepted, the write still happened; we try to drop the old cached copy
 * and report `cached: false` rather than pretend the write failed. (If even the DEL fails, the old
 * copy lives until its TTL: the TTL is the safety net of every pattern here.)
 *
 * Two concurrent writers of one id can still interleave (source A, source B, cache B, cache A);
 * serialise writes per id in the source (a row lock) if that matters.
 */
export class WriteThroughCache<Id, T> {
  constructor(
    private readonly cache: ReadThroughCache<Id, T>,
    private readonly save: (id: Id, value: T) => Promise<void>,
  ) {}

  get(id: Id): Promise<CacheRead<T>> {
    return this.cache.get(id);
  }

  async write(id: Id, value: T): Promise<{ cached: boolean }> {
    await this.save(id, value);
    try {
      await this.cache.put(id, value);
      return { cached: true };
    } catch {
      await this.cache.invalidate(id).catch(() => undefined);
      return { cached: false };
    }
  }
}
