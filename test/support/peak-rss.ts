/**
 * The highest RSS seen while `work` runs, minus RSS before it (after a GC when --expose-gc is on).
 * For the bounds the issues demand ("the API grows by less than 50 MiB"), not for speed.
 */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number; ms: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before, ms: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

export const MiB = 1024 * 1024;
