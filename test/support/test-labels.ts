import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * How the objects of a test run are recognised after the run is gone. Every object a test makes
 * carries the process that made it (`lab.test-pid`, `lab.test-host`); every control API a test
 * starts gets an instance id `test-<pid>-…`, so the sandboxes it launches are recognised too.
 * A developer's own API (instance `i…`) and objects of runs still alive are never matched.
 */
export const TEST_RUN_LABEL = 'lab.test-run';
export const TEST_PID_LABEL = 'lab.test-pid';
export const TEST_HOST_LABEL = 'lab.test-host';
const INSTANCE_LABEL = 'lab.instance';

export function testRunLabels(runId: string): Record<string, string> {
  return { [TEST_RUN_LABEL]: runId, [TEST_PID_LABEL]: String(process.pid), [TEST_HOST_LABEL]: hostname() };
}

/** The instance id a control API started by a test generates (stored in its database as usual). */
export function testInstanceId(): string {
  return `test-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * The process that owns an object of a test run, from its labels; undefined for anything else
 * (a developer's sandboxes, objects of another machine, objects of older test code).
 */
export function testOwnerPid(labels: Record<string, string>, host = hostname()): number | undefined {
  const instance = /^test-(\d+)-[0-9a-f]+$/.exec(labels[INSTANCE_LABEL] ?? '');
  if (instance) return Number(instance[1]);
  if (labels[TEST_RUN_LABEL] !== undefined && labels[TEST_HOST_LABEL] === host && labels[TEST_PID_LABEL]) {
    return Number(labels[TEST_PID_LABEL]);
  }
  return undefined;
}

/** Whether the objects of `pid` are left over: its run ended (`finished`) or was killed. */
export function isLeftOver(pid: number, finished: ReadonlySet<number>): boolean {
  if (finished.has(pid)) return true;
  try {
    process.kill(pid, 0);
    return false; // still running: a test run of someone else on this engine
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
