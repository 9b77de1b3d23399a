import { ReadinessTimeoutError } from '../errors';
import { Readiness } from '../sandbox-spec/sandbox-spec.schema';
import { describeProbe, PortLookup, runProbe } from './run-probe';

/**
 * Polling is dense at first: most services answer within a second or two of their start, and a
 * refused connection costs nothing, so a probe that waited 100-500 ms between attempts (as it
 * did) added on average half an interval to every launch. After `DENSE_FOR_MS` the spec's
 * `intervalMs`, growing by one step every `BACK_OFF_EVERY_MS` up to 5×: a slow app (Node loading
 * its modules for seconds) is still seen within about `intervalMs`.
 */
export const DENSE_INTERVAL_MS = 20;
export const DENSE_FOR_MS = 3_000;
const BACK_OFF_EVERY_MS = 10_000;
/** How often, at most, a failing probe asks whether the container still runs (an engine call). */
const RUNNING_CHECK_MS = 1_000;

export interface WaitOptions {
  /** Checked between attempts: a container that has exited will never become ready. */
  stillRunning?: () => Promise<string | undefined>;
}

/**
 * Polls every probe in order until all pass or the readiness budget is spent. Polling is the
 * retry loop of a real check, not a sleep standing in for one.
 */
export async function waitUntilReady(
  readiness: Readiness,
  reach: PortLookup,
  options: WaitOptions = {},
): Promise<void> {
  const started = Date.now();
  const deadline = started + readiness.timeoutMs;
  let lastRunningCheck = started;
  for (const probe of readiness.probes) {
    let lastFailure = 'not attempted';
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new ReadinessTimeoutError(readiness.timeoutMs, `${describeProbe(probe)}: ${lastFailure}`);
      try {
        await runProbe(probe, reach, Math.min(probe.attemptTimeoutMs, remaining));
        break;
      } catch (error) {
        // An attempt the deadline cut short says nothing about the service (a TimeoutError): the
        // answer before it (e.g. "answered 503") is what the reason should name.
        const cutByDeadline = Date.now() >= deadline && lastFailure !== 'not attempted';
        if (!cutByDeadline) lastFailure = error instanceof Error ? error.message : String(error);
      }
      if (options.stillRunning && Date.now() - lastRunningCheck >= RUNNING_CHECK_MS) {
        lastRunningCheck = Date.now();
        const exited = await options.stillRunning();
        if (exited) throw new Error(`${exited} (last probe: ${describeProbe(probe)}: ${lastFailure})`);
      }
      const elapsed = Date.now() - started;
      const interval =
        elapsed < DENSE_FOR_MS
          ? Math.min(DENSE_INTERVAL_MS, readiness.intervalMs)
          : readiness.intervalMs * Math.min(Math.ceil(elapsed / BACK_OFF_EVERY_MS), 5);
      await delay(Math.min(interval, Math.max(deadline - Date.now(), 0)));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
