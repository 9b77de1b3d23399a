import {
  cacheAside,
  ReadThroughCache,
  timed,
  WriteBehindCache,
  WriteThroughCache,
  type CacheRead,
  type PendingWrite,
} from '@lab/caching';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Product, ProductFields } from '../catalog/product';
import { ProductsRepository } from '../catalog/products.repository';
import { CACHING_CONFIG, type CachingConfig } from '../config';
import { InjectRedis } from '../stores/stores';
import { asideKey, productKeys, readThroughKey } from './cache-keys';
import { CatalogStats, type CachedRoute, type ReadRoute } from './catalog-stats';

/** A read and how it was served; `via: 'uncached'` for reads that bypass the cache on purpose. */
export interface ProductRead {
  route: ReadRoute;
  key: string | null;
  outcome: 'hit' | 'miss';
  via: CacheRead<Product>['via'] | 'uncached';
  product: Product | undefined;
  ms: number;
}

export class ProductNotFoundError extends Error {
  constructor(readonly id: number) {
    super(`Product ${id} does not exist.`);
  }
}

/**
 * Every caching pattern of the lesson over one product catalog. The cache-aside read is spelled
 * out here in the app (the app talks to Redis and to PostgreSQL); everything else goes through
 * one `ReadThroughCache`, which owns the loader and therefore the stampede protection.
 */
@Injectable()
export class ProductCacheService implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(ProductCacheService.name);
  private readonly readThrough: ReadThroughCache<number, Product>;
  private readonly writeThrough: WriteThroughCache<number, Product>;
  private writeBehind: WriteBehindCache<number, Product>;
  private readonly flushTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CACHING_CONFIG) private readonly config: CachingConfig,
    @InjectRedis() private readonly redis: Redis,
    private readonly products: ProductsRepository,
    private readonly stats: CatalogStats,
  ) {
    this.readThrough = new ReadThroughCache<number, Product>({
      redis,
      key: readThroughKey,
      load: (id) => this.load('readThrough', id),
      ttlMs: config.productTtlMs,
      negativeTtlMs: config.negativeTtlMs,
      stats: stats.readThrough,
      // Both layers of stampede protection: coalescing within this process, a Redis lock across
      // processes (a second app instance would wait for our load instead of running its own).
      coalesce: true,
      singleFlight: {
        lockTtlMs: config.lock.ttlMs,
        pollIntervalMs: config.lock.pollIntervalMs,
        maxWaitMs: config.lock.ttlMs,
      },
    });
    this.writeThrough = new WriteThroughCache(this.readThrough, async (id, product) => {
      if (!(await this.products.replace(product))) throw new ProductNotFoundError(id);
    });
    this.writeBehind = this.newWriteBehindQueue();
    // The timer is ours, not the queue's: a reset swaps the queue (dropping what it holds) and the
    // timer simply flushes whichever queue is current.
    const every = config.writeBehind.flushIntervalMs;
    if (every !== undefined) {
      this.flushTimer = setInterval(() => void this.flushQuietly(), every);
      this.flushTimer.unref();
    }
  }

  /** Cache-aside: look in Redis, and on a miss load from PostgreSQL and fill the key. Unprotected. */
  async readAside(id: number): Promise<ProductRead> {
    const read = await timed(() =>
      cacheAside<Product>({
        redis: this.redis,
        key: asideKey(id),
        load: () => this.load('cacheAside', id),
        ttlMs: this.config.productTtlMs,
        negativeTtlMs: this.config.negativeTtlMs,
        stats: this.stats.cacheAside,
      }),
    );
    return this.describe('cacheAside', read);
  }

  /** Read-through: ask the cache; it loads on a miss, once per key however many readers wait. */
  async readThroughCache(id: number): Promise<ProductRead> {
    return this.describe('readThrough', await timed(() => this.readThrough.get(id)));
  }

  /** The baseline: the slow query itself, no cache in the way. */
  async readUncached(id: number): Promise<ProductRead> {
    const { result: product, ms } = await timed(() => this.load('uncached', id));
    this.stats.recordUncached(ms);
    return { route: 'uncached', key: null, outcome: 'miss', via: 'uncached', product, ms: round(ms) };
  }

  read(route: CachedRoute, id: number): Promise<ProductRead> {
    return route === 'cacheAside' ? this.readAside(id) : this.readThroughCache(id);
  }

  /**
   * Invalidation on update: PostgreSQL first, *then* delete every cached copy. Deleting first
   * would let a concurrent reader cache the old row again right before our update lands.
   */
  async update(id: number, fields: Partial<ProductFields>): Promise<{ product: Product; invalidated: string[] }> {
    const product = await this.products.update(id, fields);
    if (!product) throw new ProductNotFoundError(id);
    const invalidated = productKeys(id);
    await this.redis.del(...invalidated);
    return { product, invalidated };
  }

  /** Write-through: PostgreSQL, then the cache, in the same request: the next read is a hit. */
  async replaceWriteThrough(id: number, fields: ProductFields): Promise<{ product: Product; cached: boolean }> {
    const product = productOf(id, fields);
    const { cached } = await this.writeThrough.write(id, product);
    // The cache-aside copy is another cache of the same row: it is stale now, drop it.
    await this.redis.del(asideKey(id));
    return { product, cached };
  }

  /** Write-behind: the cache now, PostgreSQL at the next flush (batch full, timer, or explicit). */
  async replaceWriteBehind(id: number, fields: ProductFields): Promise<{ product: Product; pending: number }> {
    // Refuse an unknown id now: once accepted, a write can only fail later, in a batch, unseen.
    if (!(await this.products.exists(id))) throw new ProductNotFoundError(id);
    const product = productOf(id, fields);
    await this.writeBehind.write(id, product);
    await this.redis.del(asideKey(id));
    return { product, pending: this.writeBehind.pendingCount };
  }

  get pendingWrites(): number {
    return this.writeBehind.pendingCount;
  }

  /** Saves every queued write; resolves with how many were saved. */
  flush(): Promise<number> {
    return this.writeBehind.flush();
  }

  /** Drops queued writes without saving them: a lab reset puts the stores back to the seed, queue included. */
  discardPendingWrites(): number {
    const dropped = this.writeBehind.pendingCount;
    this.writeBehind = this.newWriteBehindQueue();
    return dropped;
  }

  /** A graceful stop saves what write-behind still holds (a crash would lose it: that is the trade-off). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.flushQuietly();
  }

  onModuleDestroy(): void {
    if (this.flushTimer) clearInterval(this.flushTimer);
  }

  private newWriteBehindQueue(): WriteBehindCache<number, Product> {
    return new WriteBehindCache<number, Product>({
      cache: this.readThrough,
      saveBatch: (writes: ReadonlyArray<PendingWrite<number, Product>>) =>
        this.products.replaceMany(writes.map((write) => write.value)),
      batchSize: this.config.writeBehind.batchSize,
      onFlushError: (error) => this.logger.warn(`write-behind flush failed: ${String(error)}`),
    });
  }

  private async flushQuietly(): Promise<void> {
    try {
      await this.writeBehind.flush();
    } catch (error) {
      this.logger.warn(`write-behind flush failed, writes stay queued: ${String(error)}`);
    }
  }

  /** The loader every route uses: counts each run of the slow query, so stats can prove "one load". */
  private load(route: ReadRoute, id: number): Promise<Product | undefined> {
    this.stats.countLoad(route);
    return this.products.findSlow(id, this.config.slowQueryMs);
  }

  private describe(route: CachedRoute, { result: read, ms }: { result: CacheRead<Product>; ms: number }): ProductRead {
    return { route, key: read.key, outcome: read.outcome, via: read.via, product: read.value, ms: round(ms) };
  }
}

/** Fixed field order: the cached JSON reads the same whatever order the request body used. */
function productOf(id: number, { name, category, priceCents, stock }: ProductFields): Product {
  return { id, name, category, priceCents, stock };
}

/** Hundredths of a millisecond: enough to tell a Redis hit from a database load. */
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
