import { LatencyHistogram } from './histogram';
import { intendedStartMs, operationCount } from './schedule';

/** One operation of the schedule: its name (the histogram it goes to) and the work itself. */
export interface ScheduledOperation {
  name: string;
  run: () => Promise<unknown>;
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  /** Measured part of the run; the warm-up comes before it. */
  durationMs: number;
  warmupMs: number;
  /** Operations in flight at once (the connections); a due operation waits for a free one. */
  concurrency: number;
  /** Called once per operation in schedule order, when it becomes due. */
  next: (index: number) => ScheduledOperation;
  /** Completed operations so far, every `progressEveryMs`. */
  onProgress?: (progress: OpenLoopProgress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
  /**
   * How an operation due in less than a millisecond is waited for. `exact` (the default) waits on
   * the event loop's check phase, so it leaves on time; at rates near one per millisecond or more
   * that is a busy wait of a whole core. `timer` lets it leave with the next 1-ms timer: up to
   * ~1 ms late, which its latency (counted from when it was due) includes — right for a load
   * generator sharing the machine with what it measures, where a spinning core would be stolen.
   */
  subMillisecondWait?: 'exact' | 'timer';
}

export interface OpenLoopProgress {
  elapsedMs: number;
  totalMs: number;
  completed: number;
  errors: number;
}

export interface OperationResult {
  name: string;
  /** From each operation's intended start: what the reports show. */
  corrected: LatencyHistogram;
  /** From when a connection took it: kept to show what a closed-loop tool would have reported. */
  uncorrected: LatencyHistogram;
  errors: number;
  /** First few error messages, for the report. */
  errorSamples: string[];
}

export interface OpenLoopResult {
  operations: Map<string, OperationResult>;
  /** Completions per whole second of the measured window (throughput over time). */
  completedPerSecond: number[];
  measuredMs: number;
  /** Client CPU (user + system) over wall time in the measured window; 1 = one core busy. */
  clientCpu: number;
  /** Share of measured operations the client itself handed out late (see LATE_DISPATCH_MS). */
  scheduleLag: number;
  /** Operations left undone because the backlog was full (counted as errors too). */
  dropped: number;
}

/** A dispatch this late is the client's fault (timer resolution is ≈1 ms), not the engine's. */
export const LATE_DISPATCH_MS = 10;
/** Operations waiting for a connection at most; beyond, the engine is far slower than the rate. */
export const MAX_BACKLOG = 200_000;

/**
 * Runs the schedule open loop: operation i becomes due at i / rate and waits for a free connection;
 * its latency counts from when it was due. One event loop, timers only; nothing blocks between
 * operations, so the client's own cost stays small (and is reported: `clientCpu`, `scheduleLag`).
 */
export function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { ratePerSecond, durationMs, warmupMs, concurrency } = options;
  const warmupCount = warmupMs > 0 ? operationCount(ratePerSecond, warmupMs) : 0;
  const total = warmupCount + operationCount(ratePerSecond, durationMs);
  let planned = total;
  const measuredFromMs = intendedStartMs(warmupCount, ratePerSecond);
  const operations = new Map<string, OperationResult>();
  const completedPerSecond: number[] = [];
  const backlog: { index: number; intendedMs: number; operation: ScheduledOperation }[] = [];
  let nextIndex = 0;
  let inFlight = 0;
  let finished = 0;
  let lateDispatches = 0;
  let dropped = 0;
  let completed = 0;
  let errors = 0;
  let cpuAtMeasureStart: NodeJS.CpuUsage | undefined;
  let wallAtMeasureStart = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let progressTimer: NodeJS.Timeout | undefined;
  const origin = performance.now();

  const resultFor = (name: string): OperationResult => {
    let result = operations.get(name);
    if (!result) {
      result = {
        name,
        corrected: new LatencyHistogram(),
        uncorrected: new LatencyHistogram(),
        errors: 0,
        errorSamples: [],
      };
      operations.set(name, result);
    }
    return result;
  };

  return new Promise<OpenLoopResult>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearImmediate(immediate);
      clearInterval(progressTimer);
      const measuredMs = performance.now() - origin - measuredFromMs;
      const cpu = process.cpuUsage(cpuAtMeasureStart);
      const wallUs = (performance.now() - wallAtMeasureStart) * 1000;
      resolve({
        operations,
        completedPerSecond,
        measuredMs,
        clientCpu: wallUs > 0 ? (cpu.user + cpu.system) / wallUs : 0,
        scheduleLag: lateDispatches / Math.max(1, total - warmupCount),
        dropped,
      });
    };

    const finish = (index: number) => {
      finished += 1;
      if (finished === planned) done();
      else if (index >= 0) startWaiting();
    };

    const start = (item: { index: number; intendedMs: number; operation: ScheduledOperation }) => {
      inFlight += 1;
      const startedMs = performance.now() - origin;
      const measured = item.index >= warmupCount;
      let failure: unknown;
      item.operation
        .run()
        .catch((error: unknown) => {
          failure = error ?? new Error('rejected');
        })
        .finally(() => {
          const endedMs = performance.now() - origin;
          inFlight -= 1;
          if (measured) {
            const result = resultFor(item.operation.name);
            if (failure === undefined) {
              result.corrected.recordMs(endedMs - item.intendedMs);
              result.uncorrected.recordMs(endedMs - startedMs);
              completed += 1;
              const second = Math.floor((endedMs - measuredFromMs) / 1000);
              completedPerSecond[second] = (completedPerSecond[second] ?? 0) + 1;
            } else {
              result.errors += 1;
              errors += 1;
              if (result.errorSamples.length < 5) result.errorSamples.push(describe(failure));
            }
          }
          finish(item.index);
        });
    };

    const startWaiting = () => {
      while (inFlight < concurrency && backlog.length > 0) start(backlog.shift()!);
    };

    const pump = () => {
      if (options.signal?.aborted) {
        // Nothing new starts; what is in flight finishes and is counted, what waited is let go.
        planned = nextIndex;
        finished += backlog.length;
        backlog.length = 0;
        if (finished === planned) done();
        return;
      }
      const nowMs = performance.now() - origin;
      while (nextIndex < total && intendedStartMs(nextIndex, ratePerSecond) <= nowMs) {
        const index = nextIndex;
        nextIndex += 1;
        const intendedMs = intendedStartMs(index, ratePerSecond);
        if (index === warmupCount) {
          cpuAtMeasureStart = process.cpuUsage();
          wallAtMeasureStart = performance.now();
        }
        if (index >= warmupCount && nowMs - intendedMs > LATE_DISPATCH_MS) lateDispatches += 1;
        const operation = options.next(index);
        if (backlog.length >= MAX_BACKLOG) {
          dropped += 1;
          const result = resultFor(operation.name);
          result.errors += 1;
          errors += 1;
          finish(-1);
          continue;
        }
        backlog.push({ index, intendedMs, operation });
      }
      startWaiting();
      if (nextIndex < total) {
        const waitMs = intendedStartMs(nextIndex, ratePerSecond) - (performance.now() - origin);
        // Node's timers count whole milliseconds: one may fire a fraction early, and a wait under
        // 1 ms becomes 1 ms. That last fraction is waited on the event loop's check phase instead,
        // or every such operation would be dispatched up to 1 ms late (measured: +0.9 ms at p50
        // on a 1.6 ms point read, against a bare loop on the same schedule).
        if (waitMs >= 1 || options.subMillisecondWait === 'timer') timer = setTimeout(pump, Math.max(waitMs, 0));
        else immediate = setImmediate(pump);
      }
    };

    if (options.onProgress) {
      const totalMs = warmupMs + durationMs;
      progressTimer = setInterval(
        () => options.onProgress!({ elapsedMs: performance.now() - origin, totalMs, completed, errors }),
        options.progressEveryMs ?? 1000,
      );
      progressTimer.unref();
    }
    if (warmupCount === 0) {
      cpuAtMeasureStart = process.cpuUsage();
      wallAtMeasureStart = performance.now();
    }
    pump();
  });
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
