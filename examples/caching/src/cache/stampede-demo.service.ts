import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis } from '../stores/stores';
import { asideKey, readThroughKey } from './cache-keys';
import { CatalogStats, type CachedRoute } from './catalog-stats';
import { ProductCacheService } from './product-cache.service';

export interface StampedeResult {
  route: CachedRoute;
  key: string;
  readers: number;
  /** Runs of the slow query during the demo: 1 with stampede protection, up to `readers` without. */
  databaseLoads: number;
  hits: number;
  misses: number;
  /** How the reads were served: `loader`, `coalesced`, `peer`, `cache`. */
  via: Record<string, number>;
  ms: number;
}

/**
 * A stampede on demand: empty one key, then fire `readers` concurrent reads at it from inside the
 * app, where they really are concurrent (a browser or curl loop would send them one by one).
 */
@Injectable()
export class StampedeDemoService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly cache: ProductCacheService,
    private readonly stats: CatalogStats,
  ) {}

  async run(route: CachedRoute, id: number, readers: number): Promise<StampedeResult> {
    const key = route === 'cacheAside' ? asideKey(id) : readThroughKey(id);
    await this.redis.del(key); // a cold key: as after a deploy, a flush, or the TTL running out
    const loadsBefore = this.stats.loadsOf(route);
    const started = performance.now();
    const reads = await Promise.all(Array.from({ length: readers }, () => this.cache.read(route, id)));
    const ms = Math.round(performance.now() - started);
    const via: Record<string, number> = {};
    for (const read of reads) via[read.via] = (via[read.via] ?? 0) + 1;
    return {
      route,
      key,
      readers,
      databaseLoads: this.stats.loadsOf(route) - loadsBefore,
      hits: reads.filter((read) => read.outcome === 'hit').length,
      misses: reads.filter((read) => read.outcome === 'miss').length,
      via,
      ms,
    };
  }
}
