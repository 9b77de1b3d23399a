import { checksumRedis, resetRedis, timed } from '@lab/caching';
import { checksumDatabase, resetFromSeedTemplate } from '@lab/sql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { CatalogStats } from '../cache/catalog-stats';
import { ProductCacheService } from '../cache/product-cache.service';
import { CACHING_CONFIG, type CachingConfig } from '../config';
import { InjectPool, InjectRedis } from '../stores/stores';
import { REDIS_SEED } from './redis-seed';

export interface RestoredStore {
  store: 'postgres' | 'redis';
  ms: number;
}

/** The lab's reset entry point and the checksums that prove it (the example app contract). */
@Injectable()
export class LabService {
  constructor(
    @Inject(CACHING_CONFIG) private readonly config: CachingConfig,
    @InjectPool() private readonly pool: Pool,
    @InjectRedis() private readonly redis: Redis,
    private readonly cache: ProductCacheService,
    private readonly stats: CatalogStats,
  ) {}

  /**
   * Both stores back to the seed, in place: PostgreSQL cloned again from its template database,
   * Redis flushed and reseeded in one transaction. Queued write-behind writes are dropped first —
   * flushed later they would land in the freshly reset database — and the stats start over.
   */
  async reset(): Promise<{ restored: RestoredStore[] }> {
    this.cache.discardPendingWrites();
    const postgres = await resetFromSeedTemplate(this.config.postgres);
    const redis = await timed(() => resetRedis(this.redis, REDIS_SEED));
    this.stats.reset();
    return {
      restored: [
        { store: 'postgres', ms: Math.round(postgres.ms) },
        { store: 'redis', ms: Math.round(redis.ms) },
      ],
    };
  }

  /** One fingerprint per store: equal to the seed's right after a reset. */
  async checksum(): Promise<{ postgres: string; redis: string }> {
    // checksumDatabase wants TypeORM's `query` (rows out); the pool returns a result object.
    const database = await checksumDatabase({
      query: async (sql: string, parameters?: unknown[]) => (await this.pool.query(sql, parameters)).rows,
    } as Parameters<typeof checksumDatabase>[0]);
    return {
      postgres: createHash('sha256').update(JSON.stringify(database)).digest('hex'),
      redis: await checksumRedis(this.redis),
    };
  }
}
