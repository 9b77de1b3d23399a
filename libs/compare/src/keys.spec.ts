import { seededRandom, uniformKeys, weightedPicker, zipfianKeys } from './keys';

const histogramOf = (draw: () => number, n: number, draws: number) => {
  const counts = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < draws; i += 1) counts[draw()]! += 1;
  return counts;
};

describe('key distributions', () => {
  it('keeps uniform keys within 1 … n and roughly even', () => {
    const counts = histogramOf(uniformKeys(seededRandom(1), 10), 10, 20_000);
    expect(counts[0]).toBe(0);
    expect(Math.min(...counts.slice(1))).toBeGreaterThan(1600);
  });

  it('makes zipfian key 1 the hottest, about 1/k^θ as often for key k', () => {
    const counts = histogramOf(zipfianKeys(seededRandom(2), 1000, 0.99), 1000, 50_000);
    expect(counts[0]).toBe(0);
    expect(counts[1]! / counts[10]!).toBeGreaterThan(5);
    expect(counts[1]! / counts[10]!).toBeLessThan(15);
    expect(counts.slice(1, 11).reduce((a, b) => a + b, 0)).toBeGreaterThan(50_000 * 0.3);
  });

  it('draws the same sequence from the same seed', () => {
    const a = zipfianKeys(seededRandom(3), 100);
    const b = zipfianKeys(seededRandom(3), 100);
    expect(Array.from({ length: 50 }, a)).toEqual(Array.from({ length: 50 }, b));
  });

  it('picks by weight', () => {
    const pick = weightedPicker(seededRandom(4), [95, 5]);
    const counts = histogramOf(pick, 1, 10_000);
    expect(counts[1]! / 10_000).toBeCloseTo(0.05, 1);
  });
});
