/**
 * The open-loop schedule as pure functions of time, so the rules are unit-tested without a clock:
 * operation i is due at i / rate, whatever happened to the ones before it (a closed loop would
 * wait for the previous answer and so hide every stall behind one slow sample: coordinated omission).
 */

/** When operation `index` should start, in ms after the run's start. */
export function intendedStartMs(index: number, ratePerSecond: number): number {
  return (index * 1000) / ratePerSecond;
}

/** How many operations a run of this length starts. */
export function operationCount(ratePerSecond: number, durationMs: number): number {
  return Math.max(1, Math.floor((ratePerSecond * durationMs) / 1000));
}

/** When one operation was due, when a connection took it, when its answer came (ms, same clock). */
export interface OperationTiming {
  intendedMs: number;
  startedMs: number;
  endedMs: number;
}

/**
 * Corrected latency counts from the intended start: time spent waiting behind a stalled operation is
 * the user's wait too (wrk2, `pgbench --rate`). Uncorrected latency counts from when the operation was
 * actually sent, as a closed-loop tool measures it.
 */
export function correctedLatencyMs(timing: OperationTiming): number {
  return timing.endedMs - timing.intendedMs;
}

export function uncorrectedLatencyMs(timing: OperationTiming): number {
  return timing.endedMs - timing.startedMs;
}

/**
 * The schedule on a simulated server: `concurrency` connections, each serving one operation at a
 * time, operation i due at its intended start and taking `serviceMs(i, startedMs)`. The same
 * queueing rule as the real harness (a due operation waits for the first free connection), on
 * virtual time: what the harness would record if the client itself never lagged.
 */
export function simulateSchedule(
  count: number,
  ratePerSecond: number,
  concurrency: number,
  serviceMs: (index: number, startedMs: number) => number,
): OperationTiming[] {
  const freeAt = new Array<number>(concurrency).fill(0);
  const timings: OperationTiming[] = [];
  for (let index = 0; index < count; index += 1) {
    const intendedMs = intendedStartMs(index, ratePerSecond);
    let connection = 0;
    for (let c = 1; c < concurrency; c += 1) if (freeAt[c]! < freeAt[connection]!) connection = c;
    const startedMs = Math.max(intendedMs, freeAt[connection]!);
    const endedMs = startedMs + serviceMs(index, startedMs);
    freeAt[connection] = endedMs;
    timings.push({ intendedMs, startedMs, endedMs });
  }
  return timings;
}
