import * as hdr from 'hdr-histogram-js';

export interface Summary {
  runs: number;
  p50: number;
  p95: number;
  /** Only where enough samples make it meaningful (request-rate suites). */
  p99?: number;
  min: number;
  max: number;
  mean: number;
}

/** Percentiles of millisecond samples via an HDR histogram (microsecond resolution). */
export function summarize(samplesMs: number[]): Summary {
  if (samplesMs.length === 0) throw new Error('no samples');
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const ms of samplesMs) histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  const toMs = (us: number) => Math.round(us) / 1000;
  const summary: Summary = {
    runs: samplesMs.length,
    p50: toMs(histogram.getValueAtPercentile(50)),
    p95: toMs(histogram.getValueAtPercentile(95)),
    min: toMs(histogram.minNonZeroValue),
    max: toMs(histogram.maxValue),
    mean: toMs(histogram.mean),
  };
  histogram.destroy();
  return summary;
}

/** How many times slower than the floor (1.00 = as fast as the floor). */
export function ratio(measured: number, floor: number): number {
  return floor > 0 ? Math.round((measured / floor) * 100) / 100 : Number.NaN;
}
