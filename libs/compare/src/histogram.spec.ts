import { LatencyHistogram, summarizeMs } from './histogram';

describe('latency histogram', () => {
  it('summarises percentiles to three significant digits in milliseconds', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i + 1) / 10); // 0.1 … 100 ms
    const summary = summarizeMs(samples);
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p90).toBeCloseTo(90, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.p999).toBeCloseTo(99.9, 0);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it('merges repetitions into one histogram', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 99; i += 1) a.recordMs(1);
    b.recordMs(500);
    a.add(b);
    expect(a.count).toBe(100);
    expect(a.summary().max).toBeCloseTo(500, 0);
    expect(a.percentileMs(50)).toBeCloseTo(1, 1);
    a.destroy();
    b.destroy();
  });

  it('summarises an empty histogram as zeros rather than throwing', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });
});
