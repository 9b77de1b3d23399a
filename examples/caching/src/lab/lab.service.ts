import { checksumRedis, resetRedis, timed } from '@lab/caching';
import { fingerprint, type LabAppContract, type RestoredStore, type StoreProbe } from '@lab/lab-app';
import { checksumDatabase, resetFromSeedTemplate } from '@lab/sql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { CatalogStats } from '../cache/catalog-stats';
import { ProductCacheService } from '../cache/product-cache.service';
import { CACHING_CONFIG, type CachingConfig } from '../config';
import { InjectPool, InjectRedis } from '../stores/stores';
import { REDIS_SEED } from './redis-seed';

export type CachingStore = 'postgres' | 'redis';

/** What reset, checksum and health mean for this example's two stores (served by @lab/lab-app). */
@Injectable()
export class LabService implements LabAppContract<CachingStore> {
  constructor(
    @Inject(CACHING_CONFIG) private readonly config: CachingConfig,
    @InjectPool() private readonly pool: Pool,
    @InjectRedis() private readonly redis: Redis,
    @Inject(ProductCacheService) private readonly cache: ProductCacheService,
    @Inject(CatalogStats) private readonly stats: CatalogStats,
  ) {}

  /**
   * Both stores back to the seed, in place: PostgreSQL cloned again from its template database,
   * Redis flushed and reseeded in one transaction. Queued write-behind writes are dropped first —
   * flushed later they would land in the freshly reset database — and the stats start over.
   */
  async reset(): Promise<RestoredStore<CachingStore>[]> {
    this.cache.discardPendingWrites();
    const postgres = await resetFromSeedTemplate(this.config.postgres);
    const redis = await timed(() => resetRedis(this.redis, REDIS_SEED));
    this.stats.reset();
    return [
      { store: 'postgres', ms: postgres.ms },
      { store: 'redis', ms: redis.ms },
    ];
  }

  async checksum(): Promise<Record<CachingStore, string>> {
    // checksumDatabase wants TypeORM's `query` (rows out); the pool returns a result object.
    const database = await checksumDatabase({
      query: async (sql: string, parameters?: unknown[]) => (await this.pool.query(sql, parameters)).rows,
    } as Parameters<typeof checksumDatabase>[0]);
    return { postgres: fingerprint(database), redis: await checksumRedis(this.redis) };
  }

  probes(): Record<CachingStore, StoreProbe> {
    return { postgres: () => this.pool.query('SELECT 1'), redis: () => this.redis.ping() };
  }
}
