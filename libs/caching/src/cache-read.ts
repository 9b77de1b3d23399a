import type { CacheOutcome } from './stats';

/**
 * Which path served a read:
 * - `cache`: the value (or a remembered "not found") was in Redis — the only `hit`;
 * - `loader`: this call ran the loader and filled the cache;
 * - `coalesced`: this call joined a load already running in this process;
 * - `peer`: another loader (another process, or an earlier lock holder) filled the cache while
 *   this call waited.
 */
export type ReadPath = 'cache' | 'loader' | 'coalesced' | 'peer';

/** Every read says whether it was a hit or a miss, and how it was served. */
export interface CacheRead<T> {
  key: string;
  outcome: CacheOutcome;
  via: ReadPath;
  /** `undefined`: the source has no such item (possibly remembered by negative caching). */
  value: T | undefined;
}
