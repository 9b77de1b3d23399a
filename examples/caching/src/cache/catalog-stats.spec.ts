import { CatalogStats } from './catalog-stats';

describe('CatalogStats', () => {
  it('reports hits, misses, ratio and loads per route, and totals', () => {
    const stats = new CatalogStats();
    stats.readThrough.recordRead('miss', 210);
    stats.countLoad('readThrough');
    stats.readThrough.recordRead('hit', 0.4);
    stats.readThrough.recordRead('hit', 0.6);
    stats.cacheAside.recordRead('miss', 205);
    stats.countLoad('cacheAside');
    stats.countLoad('uncached');
    stats.recordUncached(201);

    const report = stats.report();
    expect(report.readThrough).toMatchObject({ hits: 2, misses: 1, reads: 3, hitRatio: 2 / 3, databaseLoads: 1 });
    expect(report.readThrough.latencyMs.hit?.count).toBe(2);
    expect(report.cacheAside).toMatchObject({ hits: 0, misses: 1, reads: 1, hitRatio: 0, databaseLoads: 1 });
    expect(report.cacheAside.latencyMs.hit).toBeNull();
    expect(report.uncached).toMatchObject({ reads: 1, databaseLoads: 1 });
    expect(report.total).toEqual({ hits: 2, misses: 2, reads: 4, hitRatio: 0.5, databaseLoads: 3 });
  });

  it('starts over on reset', () => {
    const stats = new CatalogStats();
    stats.cacheAside.recordRead('hit', 1);
    stats.countLoad('uncached');
    stats.recordUncached(3);
    stats.reset();
    expect(stats.report()).toEqual(new CatalogStats().report());
    expect(stats.report().total).toEqual({ hits: 0, misses: 0, reads: 0, hitRatio: 0, databaseLoads: 0 });
  });
});
