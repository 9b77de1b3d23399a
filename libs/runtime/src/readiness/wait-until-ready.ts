import { ReadinessTimeoutError } from '../errors';
import { Readiness } from '../sandbox-spec/sandbox-spec.schema';
import { describeProbe, PortLookup, runProbe } from './run-probe';

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
  const deadline = Date.now() + readiness.timeoutMs;
  for (const probe of readiness.probes) {
    let lastFailure = 'not attempted';
    let attempt = 0;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new ReadinessTimeoutError(readiness.timeoutMs, `${describeProbe(probe)}: ${lastFailure}`);
      try {
        await runProbe(probe, reach, Math.min(probe.attemptTimeoutMs, remaining));
        break;
      } catch (error) {
        lastFailure = error instanceof Error ? error.message : String(error);
      }
      attempt += 1;
      if (options.stillRunning && attempt % 5 === 0) {
        const exited = await options.stillRunning();
        if (exited) throw new Error(`${exited} (last probe: ${describeProbe(probe)}: ${lastFailure})`);
      }
      await delay(Math.min(readiness.intervalMs * Math.min(attempt, 5), Math.max(deadline - Date.now(), 0)));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
