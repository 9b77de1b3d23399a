import { generateBookstore } from '@lab/seed';
import type { CompareEngine } from './engine';
import { planWorkload, type OperationPlan } from './explain';
import { LatencyHistogram, type LatencySummary } from './histogram';
import { runOpenLoop } from './open-loop';
import { planOperations, scheduleFor } from './plan';
import { AnswerMismatchError, checkAnswers, verifyReset } from './verify';
import type { Workload } from './workload';

/** Above this the client itself is the bottleneck and its numbers are not the engine's. */
export const MAX_CLIENT_CPU = 0.7;
/** Above this share of late dispatches the schedule was not kept. */
export const MAX_SCHEDULE_LAG = 0.01;

export type ComparisonPhase = 'checking' | 'explaining' | 'loading' | 'running' | 'done';

export interface ComparisonProgress {
  phase: ComparisonPhase;
  engine?: string;
  repetition?: number;
  elapsedMs?: number;
  totalMs?: number;
  completed?: number;
  errors?: number;
}

export interface RepetitionResult {
  repetition: number;
  throughput: number;
  completedPerSecond: number[];
  clientCpu: number;
  scheduleLag: number;
  dropped: number;
  unreliable: string[];
}

export interface Spread {
  min: number;
  max: number;
}

export interface OperationSummary {
  operation: string;
  /** Completed operations per second, mean over the repetitions. */
  throughput: number;
  /** From each operation's intended start (coordinated omission corrected), all repetitions merged. */
  latency: LatencySummary;
  /** From the actual send: what a closed-loop tool would show, for contrast. */
  uncorrected: LatencySummary;
  errors: number;
  errorSamples: string[];
  spread: { throughput: Spread; p50: Spread; p99: Spread };
  /** Latency by percentile, for the HDR-style chart. */
  curve: { percentile: number; ms: number }[];
}

export interface EngineResult {
  engine: string;
  model: string;
  operations: OperationSummary[];
  repetitions: RepetitionResult[];
  statements: Partial<Record<string, string>>;
  /** Per operation of the workload: the statement explained and its plan (or why there is none). */
  plans: OperationPlan[];
  unreliable: boolean;
}

export interface ComparisonResult {
  workload: Workload;
  startedAt: string;
  finishedAt: string;
  engines: EngineResult[];
  /** True when any repetition of any engine was flagged (reasons per repetition). */
  unreliable: boolean;
}

export interface ComparisonOptions {
  workload: Workload;
  engines: CompareEngine[];
  onProgress?: (progress: ComparisonProgress) => void;
  signal?: AbortSignal;
}

/**
 * Checks every engine's answers against the seed first (a wrong answer fails the whole run before
 * anything is timed), then times the engines one after another, never at once, each repetition
 * after a verified reset to the seed. One client process for all engines.
 */
export async function runComparison(options: ComparisonOptions): Promise<ComparisonResult> {
  const { workload, engines, onProgress } = options;
  const startedAt = new Date().toISOString();
  const store = generateBookstore(workload.seed);

  const mismatches = [];
  for (const engine of engines) {
    onProgress?.({ phase: 'loading', engine: engine.name });
    await engine.load(store);
    onProgress?.({ phase: 'checking', engine: engine.name });
    mismatches.push(...(await checkAnswers(engine, store)));
  }
  if (mismatches.length > 0) throw new AnswerMismatchError(mismatches);

  // Plans once, on the loaded seed and before any timing, so explaining costs the run nothing.
  const plans = new Map<CompareEngine, OperationPlan[]>();
  for (const engine of engines) {
    options.signal?.throwIfAborted();
    onProgress?.({ phase: 'explaining', engine: engine.name });
    plans.set(engine, await planWorkload(engine, workload));
  }

  const results: EngineResult[] = [];
  for (const engine of engines) {
    const repetitions: RepetitionResult[] = [];
    const perOperation = new Map<
      string,
      { corrected: LatencyHistogram; uncorrected: LatencyHistogram; runs: RunFigures[] }
    >();
    for (let repetition = 1; repetition <= workload.repetitions; repetition += 1) {
      options.signal?.throwIfAborted();
      onProgress?.({ phase: 'loading', engine: engine.name, repetition });
      await engine.load(store);
      await verifyReset(engine, store);
      const plan = planOperations(workload, store, repetition);
      const run = await runOpenLoop({
        ratePerSecond: workload.rate,
        durationMs: workload.durationSeconds * 1000,
        warmupMs: workload.warmupSeconds * 1000,
        concurrency: workload.concurrency,
        next: scheduleFor(engine, plan),
        signal: options.signal,
        onProgress: (p) => onProgress?.({ phase: 'running', engine: engine.name, repetition, ...p }),
      });
      const seconds = run.measuredMs / 1000;
      const unreliable = unreliableReasons(run.clientCpu, run.scheduleLag);
      let completed = 0;
      for (const [name, op] of run.operations) {
        completed += op.corrected.count;
        const entry = perOperation.get(name) ?? {
          corrected: new LatencyHistogram(),
          uncorrected: new LatencyHistogram(),
          runs: [],
        };
        entry.corrected.add(op.corrected);
        entry.uncorrected.add(op.uncorrected);
        entry.runs.push({
          throughput: op.corrected.count / seconds,
          p50: op.corrected.percentileMs(50),
          p99: op.corrected.percentileMs(99),
          errors: op.errors,
          errorSamples: op.errorSamples,
        });
        perOperation.set(name, entry);
        op.corrected.destroy();
        op.uncorrected.destroy();
      }
      repetitions.push({
        repetition,
        throughput: round(completed / seconds),
        completedPerSecond: run.completedPerSecond.map((c) => c ?? 0),
        clientCpu: round(run.clientCpu),
        scheduleLag: round(run.scheduleLag, 4),
        dropped: run.dropped,
        unreliable,
      });
    }
    const operations = [...perOperation.entries()]
      .sort(
        ([a], [b]) =>
          workload.operations.findIndex((o) => o.name === a) - workload.operations.findIndex((o) => o.name === b),
      )
      .map(([operation, entry]) => {
        const summary: OperationSummary = {
          operation,
          throughput: round(mean(entry.runs.map((r) => r.throughput))),
          latency: entry.corrected.summary(),
          uncorrected: entry.uncorrected.summary(),
          errors: entry.runs.reduce((sum, r) => sum + r.errors, 0),
          errorSamples: entry.runs.flatMap((r) => r.errorSamples).slice(0, 5),
          spread: {
            throughput: spread(entry.runs.map((r) => r.throughput)),
            p50: spread(entry.runs.map((r) => r.p50)),
            p99: spread(entry.runs.map((r) => r.p99)),
          },
          curve: entry.corrected.curve(),
        };
        entry.corrected.destroy();
        entry.uncorrected.destroy();
        return summary;
      });
    results.push({
      engine: engine.name,
      model: engine.model,
      operations,
      repetitions,
      statements: engine.statements(),
      plans: plans.get(engine) ?? [],
      unreliable: repetitions.some((r) => r.unreliable.length > 0),
    });
  }
  onProgress?.({ phase: 'done' });
  return {
    workload,
    startedAt,
    finishedAt: new Date().toISOString(),
    engines: results,
    unreliable: results.some((r) => r.unreliable),
  };
}

/** Why a repetition's numbers may be the client's rather than the engine's; empty when they are not. */
export function unreliableReasons(clientCpu: number, scheduleLag: number): string[] {
  const reasons: string[] = [];
  if (clientCpu > MAX_CLIENT_CPU) reasons.push(`client CPU ${(clientCpu * 100).toFixed(0)} % > 70 %`);
  if (scheduleLag > MAX_SCHEDULE_LAG) {
    reasons.push(`schedule lagged for ${(scheduleLag * 100).toFixed(1)} % of operations > 1 %`);
  }
  return reasons;
}

interface RunFigures {
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  errorSamples: string[];
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function spread(values: number[]): Spread {
  return values.length ? { min: round(Math.min(...values)), max: round(Math.max(...values)) } : { min: 0, max: 0 };
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
