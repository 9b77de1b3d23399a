export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  /** What is waited for, for the timeout's error message. */
  what: string;
}

/**
 * Reads until `done` accepts the value; resolves with it and the moment (performance.now()) it
 * was read. `read` may throw to give up early (e.g. on a failed sandbox).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<{ value: T; at: number }> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    const at = performance.now();
    if (done(value)) return { value, at };
    if (at > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(options.intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `work` over `items`, at most `limit` at a time (like the control API's bounded queue). */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
