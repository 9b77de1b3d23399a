import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Picks keys 1 … n. Seeded, so a repetition asks the same keys in the same order on every engine. */
export type KeyChooser = () => number;

export function seededRandom(seed: number): RandomGenerator {
  return xoroshiro128plus(seed >>> 0);
}

/** A double in [0, 1) from 53 random bits. */
export function nextDouble(rng: RandomGenerator): number {
  const high = uniformInt(rng, 0, (1 << 26) - 1);
  const low = uniformInt(rng, 0, (1 << 27) - 1);
  return (high * 2 ** 27 + low) / 2 ** 53;
}

export function uniformKeys(rng: RandomGenerator, n: number): KeyChooser {
  return () => uniformInt(rng, 1, n);
}

/**
 * Zipfian keys as YCSB draws them (Gray et al., "Quickly generating billion-record synthetic
 * databases"): key 1 is the hottest, key k is asked about 1/k^theta as often. Not scrambled: the hot
 * keys are the low ids, which the reports can then name.
 */
export function zipfianKeys(rng: RandomGenerator, n: number, theta = 0.99): KeyChooser {
  if (n < 1) throw new RangeError('zipfian keys need n ≥ 1');
  let zetaN = 0;
  for (let i = 1; i <= n; i += 1) zetaN += 1 / i ** theta;
  const zeta2 = 1 + 1 / 2 ** theta;
  const alpha = 1 / (1 - theta);
  const eta = (1 - (2 / n) ** (1 - theta)) / (1 - zeta2 / zetaN);
  return () => {
    const u = nextDouble(rng);
    const uz = u * zetaN;
    if (uz < 1) return 1;
    if (uz < zeta2) return Math.min(2, n);
    return Math.min(n, 1 + Math.floor(n * (eta * u - eta + 1) ** alpha));
  };
}

export function keyChooser(
  rng: RandomGenerator,
  n: number,
  keys: { distribution: 'uniform' | 'zipfian'; theta: number },
): KeyChooser {
  return keys.distribution === 'zipfian' ? zipfianKeys(rng, n, keys.theta) : uniformKeys(rng, n);
}

/** Picks an index by weight (weights need not sum to 100). */
export function weightedPicker(rng: RandomGenerator, weights: readonly number[]): () => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  for (const weight of weights) cumulative.push((cumulative.at(-1) ?? 0) + weight);
  return () => {
    const x = nextDouble(rng) * total;
    const index = cumulative.findIndex((c) => x < c);
    return index === -1 ? weights.length - 1 : index;
  };
}
