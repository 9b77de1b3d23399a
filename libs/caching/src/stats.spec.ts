import { CacheStats, hitRatio } from './stats';

describe('hitRatio', () => {
  it('is hits ÷ reads', () => {
    expect(hitRatio(9, 1)).toBe(0.9);
    expect(hitRatio(0, 4)).toBe(0);
    expect(hitRatio(3, 0)).toBe(1);
  });

  it('is 0, not NaN, before the first read', () => expect(hitRatio(0, 0)).toBe(0));
});

describe('CacheStats', () => {
  it('counts outcomes and summarises latency per outcome', () => {
    const stats = new CacheStats();
    for (let ms = 1; ms <= 100; ms++) stats.recordRead('hit', ms / 100); // 0.01 … 1 ms
    for (let ms = 1; ms <= 25; ms++) stats.recordRead('miss', 0); // counts only
    for (let ms = 26; ms <= 100; ms++) stats.recordRead('hit', 0);
    stats.recordRead('miss', 200);
    const snapshot = stats.snapshot();
    expect(snapshot).toMatchObject({ hits: 175, misses: 26, reads: 201 });
    expect(snapshot.hitRatio).toBeCloseTo(175 / 201, 10);
    expect(snapshot.latencyMs.miss!.max).toBeCloseTo(200, 0);
    expect(snapshot.latencyMs.uncached).toBeUndefined();
  });

  it('gives percentiles in milliseconds with microsecond resolution', () => {
    const stats = new CacheStats();
    for (let i = 1; i <= 100; i++) stats.recordUncached(i / 10); // 0.1 … 10 ms
    const uncached = stats.snapshot().latencyMs.uncached!;
    expect(uncached.count).toBe(100);
    expect(uncached.p50).toBeCloseTo(5, 1);
    expect(uncached.p95).toBeCloseTo(9.5, 1);
    expect(uncached.p99).toBeCloseTo(9.9, 1);
    expect(uncached.max).toBeCloseTo(10, 1);
    expect(uncached.mean).toBeCloseTo(5.05, 1);
  });

  it('forgets everything on reset', () => {
    const stats = new CacheStats();
    stats.recordRead('hit', 1);
    stats.reset();
    expect(stats.snapshot()).toEqual({ hits: 0, misses: 0, reads: 0, hitRatio: 0, latencyMs: {} });
  });

  it('refuses a negative or non-finite latency', () => {
    const stats = new CacheStats();
    expect(() => stats.recordRead('hit', -1)).toThrow(/latency/);
    expect(() => stats.recordUncached(Number.NaN)).toThrow(/latency/);
  });
});
