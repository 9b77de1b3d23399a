import * as hdr from 'hdr-histogram-js';

/** What a report shows of one histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Percentiles the reports plot (HDR style: the tail is where engines differ). */
export const PLOT_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100] as const;

/**
 * Latencies of one engine × operation in an HDR histogram: microsecond resolution, three
 * significant digits, up to an hour, whatever the count (memory is fixed, unlike a sample list).
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentileMs(percentile: number): number {
    return this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(): LatencySummary {
    const ms = (us: number) => Math.round(us) / 1000;
    if (this.count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    return {
      count: this.count,
      p50: ms(this.histogram.getValueAtPercentile(50)),
      p90: ms(this.histogram.getValueAtPercentile(90)),
      p99: ms(this.histogram.getValueAtPercentile(99)),
      p999: ms(this.histogram.getValueAtPercentile(99.9)),
      max: ms(this.histogram.maxValue),
      mean: ms(this.histogram.mean),
    };
  }

  /** Latency at each plotted percentile, for the latency-by-percentile chart. */
  curve(): { percentile: number; ms: number }[] {
    return PLOT_PERCENTILES.map((percentile) => ({ percentile, ms: this.count ? this.percentileMs(percentile) : 0 }));
  }

  destroy(): void {
    this.histogram.destroy();
  }
}

/** One summary of samples (tests and the overhead bench). */
export function summarizeMs(samples: readonly number[]): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const ms of samples) histogram.recordMs(ms);
  const summary = histogram.summary();
  histogram.destroy();
  return summary;
}
