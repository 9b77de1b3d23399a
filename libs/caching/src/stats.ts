import * as hdr from 'hdr-histogram-js';

/** How a read was served: from the cache (`hit`) or not (`miss`: loaded, or waited for a load). */
export type CacheOutcome = 'hit' | 'miss';

/** What a latency histogram is about: cached reads by outcome, or the source read directly. */
export type LatencySeries = CacheOutcome | 'uncached';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface StatsSnapshot {
  hits: number;
  misses: number;
  reads: number;
  hitRatio: number;
  /** Milliseconds; a series is absent until something was recorded in it. */
  latencyMs: Partial<Record<LatencySeries, LatencySummary>>;
}

/** hits ÷ reads, 0 before the first read (a ratio of nothing would be NaN, which JSON turns into null). */
export function hitRatio(hits: number, misses: number): number {
  const reads = hits + misses;
  return reads === 0 ? 0 : hits / reads;
}

/**
 * Hit ratio and latency histograms. Latency is kept per outcome — a mean over hits and misses
 * together hides the very difference a cache makes — and for the uncached source, the baseline
 * the cache is measured against.
 */
export class CacheStats {
  private hits = 0;
  private misses = 0;
  private readonly histograms = new Map<LatencySeries, hdr.Histogram>();

  /** A read served through the cache. */
  recordRead(outcome: CacheOutcome, ms: number): void {
    if (outcome === 'hit') this.hits++;
    else this.misses++;
    this.recordLatency(outcome, ms);
  }

  /** A read that went straight to the source, without the cache (the baseline). */
  recordUncached(ms: number): void {
    this.recordLatency('uncached', ms);
  }

  snapshot(): StatsSnapshot {
    const latencyMs: StatsSnapshot['latencyMs'] = {};
    for (const [series, histogram] of this.histograms) latencyMs[series] = summarize(histogram);
    return {
      hits: this.hits,
      misses: this.misses,
      reads: this.hits + this.misses,
      hitRatio: hitRatio(this.hits, this.misses),
      latencyMs,
    };
  }

  reset(): void {
    this.hits = 0;
    this.misses = 0;
    for (const histogram of this.histograms.values()) histogram.destroy();
    this.histograms.clear();
  }

  private recordLatency(series: LatencySeries, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`stats: latency must be a finite, non-negative ms (${ms})`);
    let histogram = this.histograms.get(series);
    if (!histogram) {
      histogram = hdr.build({
        lowestDiscernibleValue: 1,
        highestTrackableValue: 3_600_000_000, // one hour, in microseconds
        numberOfSignificantValueDigits: 3,
      });
      this.histograms.set(series, histogram);
    }
    // Microsecond integers: a Redis hit on loopback takes well under a millisecond.
    histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }
}

/** Runs `work` and measures it with the monotonic clock (wall-clock time can jump). */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

function summarize(histogram: hdr.Histogram): LatencySummary {
  const toMs = (us: number) => Math.round(us) / 1000;
  return {
    count: histogram.totalCount,
    p50: toMs(histogram.getValueAtPercentile(50)),
    p95: toMs(histogram.getValueAtPercentile(95)),
    p99: toMs(histogram.getValueAtPercentile(99)),
    max: toMs(histogram.maxValue),
    mean: toMs(histogram.mean),
  };
}
