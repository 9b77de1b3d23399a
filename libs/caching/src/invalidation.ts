import type Redis from 'ioredis';
import { cacheKey, versionedNamespace } from './keys';

/**
 * Invalidation on update: write the source first, *then* delete the cached copy. Deleting first
 * would let a reader slip in between and cache the old value again until its TTL. A narrower race
 * remains (a reader that loaded the old row before the update stores it after our DEL); the TTL
 * bounds how long such a stale entry can live.
 */
export async function updateThenInvalidate<R>(redis: Redis, key: string, update: () => Promise<R>): Promise<R> {
  const result = await update();
  await redis.del(key);
  return result;
}

/**
 * Bulk invalidation by version: the namespace's current version lives in Redis
 * (`<name>:version`), keys are built as `<name>@v<version>:<entity>:<id>`, and `bump()` moves
 * every reader to fresh keys at once — no SCAN, no mass DEL. The price is one extra GET per key
 * built, and old entries linger (unread) until their TTL.
 */
export class VersionedNamespace {
  readonly versionKey: string;

  constructor(
    private readonly redis: Redis,
    readonly name: string,
  ) {
    versionedNamespace(name, 0); // validates the name now rather than on first use
    this.versionKey = `${name}:version`;
  }

  /** 0 until the first bump. */
  async version(): Promise<number> {
    const text = await this.redis.get(this.versionKey);
    return text === null ? 0 : Number(text);
  }

  async key(entity: string, id: string | number): Promise<string> {
    return cacheKey(versionedNamespace(this.name, await this.version()), entity, id);
  }

  /** Invalidates everything in the namespace; returns the new version. INCR is atomic across instances. */
  bump(): Promise<number> {
    return this.redis.incr(this.versionKey);
  }
}
