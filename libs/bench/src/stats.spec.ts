import { ratio, summarize } from './stats';

describe('summarize', () => {
  it('gives percentiles of millisecond samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    const s = summarize(samples);
    expect(s).toMatchObject({ runs: 100, min: 1, max: 100 });
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p95).toBeCloseTo(95, 0);
    expect(s.mean).toBeCloseTo(50.5, 1);
  });

  it('refuses to summarise nothing', () => expect(() => summarize([])).toThrow('no samples'));
});

describe('ratio', () => {
  it('is measured ÷ floor, two decimals', () => expect(ratio(150, 100)).toBe(1.5));
});
