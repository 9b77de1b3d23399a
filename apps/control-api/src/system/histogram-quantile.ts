/** One cumulative bucket of a Prometheus histogram: how many observations were ≤ `le` seconds. */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * The φ-quantile of a histogram from its cumulative buckets, as Prometheus' `histogram_quantile`
 * estimates it: linear within the bucket the rank falls in; the highest finite bound when it falls
 * in the `+Inf` bucket. `undefined` without observations.
 */
export function histogramQuantile(phi: number, buckets: Bucket[]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const rank = phi * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      if (inBucket === 0) return bucket.le;
      return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
