import { CacheStats, hitRatio, type LatencySummary } from '@lab/caching';
import { Injectable } from '@nestjs/common';

/** Where a product read went: through one of the two caches, or straight to PostgreSQL. */
export type ReadRoute = 'cacheAside' | 'readThrough' | 'uncached';
export type CachedRoute = Exclude<ReadRoute, 'uncached'>;

export interface RouteStats {
  hits: number;
  misses: number;
  reads: number;
  hitRatio: number;
  /** How many times the slow catalog query ran on behalf of this route. */
  databaseLoads: number;
  /** Per outcome: a mean over hits and misses together would hide what the cache changes. */
  latencyMs: { hit: LatencySummary | null; miss: LatencySummary | null };
}

export interface UncachedStats {
  reads: number;
  databaseLoads: number;
  latencyMs: LatencySummary | null;
}

export interface StatsReport {
  cacheAside: RouteStats;
  readThrough: RouteStats;
  /** The baseline: the same query without any cache. */
  uncached: UncachedStats;
  total: { hits: number; misses: number; reads: number; hitRatio: number; databaseLoads: number };
}

/**
 * Hit ratio, latency percentiles and database loads since boot (or the last reset), per route.
 * In memory, per process: the numbers describe this app, which is the one the student drives.
 */
@Injectable()
export class CatalogStats {
  readonly cacheAside = new CacheStats();
  readonly readThrough = new CacheStats();
  private readonly uncached = new CacheStats();
  private readonly loads: Record<ReadRoute, number> = { cacheAside: 0, readThrough: 0, uncached: 0 };

  /** Counted by the loaders themselves: the only exact measure of what reached the database. */
  countLoad(route: ReadRoute): void {
    this.loads[route]++;
  }

  loadsOf(route: ReadRoute): number {
    return this.loads[route];
  }

  recordUncached(ms: number): void {
    this.uncached.recordUncached(ms);
  }

  report(): StatsReport {
    const cacheAside = this.route('cacheAside');
    const readThrough = this.route('readThrough');
    const uncachedLatency = this.uncached.snapshot().latencyMs.uncached ?? null;
    const hits = cacheAside.hits + readThrough.hits;
    const misses = cacheAside.misses + readThrough.misses;
    return {
      cacheAside,
      readThrough,
      uncached: { reads: uncachedLatency?.count ?? 0, databaseLoads: this.loads.uncached, latencyMs: uncachedLatency },
      total: {
        hits,
        misses,
        reads: hits + misses,
        hitRatio: hitRatio(hits, misses),
        databaseLoads: this.loads.cacheAside + this.loads.readThrough + this.loads.uncached,
      },
    };
  }

  reset(): void {
    this.cacheAside.reset();
    this.readThrough.reset();
    this.uncached.reset();
    for (const route of Object.keys(this.loads) as ReadRoute[]) this.loads[route] = 0;
  }

  private route(route: CachedRoute): RouteStats {
    const { hits, misses, reads, hitRatio: ratio, latencyMs } = this[route].snapshot();
    return {
      hits,
      misses,
      reads,
      hitRatio: ratio,
      databaseLoads: this.loads[route],
      latencyMs: { hit: latencyMs.hit ?? null, miss: latencyMs.miss ?? null },
    };
  }
}
