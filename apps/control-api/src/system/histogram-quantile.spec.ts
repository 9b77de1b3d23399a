import { histogramQuantile } from './histogram-quantile';

describe('histogramQuantile', () => {
  const buckets = [
    { le: 1, count: 0 },
    { le: 2, count: 10 },
    { le: 4, count: 20 },
    { le: Infinity, count: 20 },
  ];

  it('interpolates linearly inside the bucket the rank falls in', () => {
    expect(histogramQuantile(0.5, buckets)).toBe(2);
    expect(histogramQuantile(0.25, buckets)).toBe(1.5);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(3.8);
  });

  it('answers the highest finite bound for a rank in the +Inf bucket, and nothing without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeUndefined();
  });
});
