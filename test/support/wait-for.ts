/**
 * Polls a condition that an asynchronous source (a log or event stream, an API) will make true.
 * `refresh`, when given, runs before each check (e.g. to fetch the latest state).
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  refresh?: () => Promise<void>,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (refresh) await refresh();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, refresh ? Math.max(intervalMs, 200) : intervalMs));
  }
}
