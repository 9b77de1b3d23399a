import { compileSandbox, connectionUrl, loadCatalog } from '@lab/catalog';
import {
  availableEngines,
  comparisonCsv,
  comparisonMarkdown,
  LatencyHistogram,
  openEngines,
  parseWorkload,
  runComparison,
  runOpenLoop,
  type CompareEngine,
  type ComparisonResult,
} from '@lab/compare';
import { KitImageResolver } from '@lab/image-kit';
import { DockerSandboxRuntime } from '@lab/runtime';
import { generateBookstore } from '@lab/seed';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchReport, BenchRow, machineEnvironment } from '../report';
import type { Summary } from '../stats';
import type { SuiteContext } from './runtime.suite';

const BENCH_LABEL = 'lab.bench';
export const DEFAULT_COMPARE_WORKLOAD = 'examples/compare/workloads/bookstore.yaml';
/**
 * The overhead probe: point reads on one connection at a rate far below what PostgreSQL serves (so
 * neither variant queues), in alternating rounds so that a neighbour's load hits both alike.
 */
const OVERHEAD = { rate: 50, secondsPerRound: 5, rounds: 4 };

export interface CompareSuiteOptions {
  examplesDir: string;
  benchDir: string;
  workloadFile?: string;
  /** `compare-overhead`: only PostgreSQL, only the harness-overhead probe (no comparison). */
  overheadOnly?: boolean;
}

/**
 * `npm run bench -- compare [--workload <file>]`: launches the `compare` example's services (the
 * same hardened containers a student gets, equal limits), runs the workload on every engine it
 * offers, writes the comparison (Markdown, JSON, CSV), then measures the harness's own overhead:
 * the same point read on PostgreSQL through the open-loop harness and through a bare driver loop
 * paced at the same rate (p50 ratio; the goal is ≤ 1.05).
 */
export async function compareSuite(context: SuiteContext, options: CompareSuiteOptions): Promise<BenchReport> {
  const { docker, log } = context;
  const images = new KitImageResolver(context.kit, docker, context.imageMode);
  const runtime = new DockerSandboxRuntime(docker, images);
  const workloadFile = options.workloadFile ?? DEFAULT_COMPARE_WORKLOAD;
  const workload = parseWorkload(readFileSync(workloadFile, 'utf8'));
  const example = loadCatalog(options.examplesDir, images.allowedKeys()).examples.find((e) => e.name === 'compare');
  if (!example) throw new Error(`no "compare" example in ${options.examplesDir}`);
  const runId = randomBytes(3).toString('hex');
  const sandboxId = `bench-${runId}-compare`;
  const started = Date.now();
  const engines: CompareEngine[] = [];
  try {
    const full = compileSandbox(example, 'bench');
    // The overhead probe needs PostgreSQL only: the other services would only load the machine.
    const compiled = options.overheadOnly
      ? {
          ...full,
          spec: { ...full.spec, services: full.spec.services.filter((s) => s.name === 'postgres') },
          connections: full.connections.filter((c) => c.service === 'postgres'),
        }
      : full;
    log(`launching the compare example (${compiled.spec.services.map((s) => s.name).join(', ')})`);
    const sandbox = await runtime.provision(sandboxId, compiled.spec, { labels: { [BENCH_LABEL]: runId } });
    const endpoints = compiled.connections.map((c) => {
      const service = sandbox.services.find((s) => s.name === c.service)!;
      return { engine: c.engine, url: connectionUrl(c, service.host, service.ports[c.port]!) };
    });
    engines.push(...(await openEngines(availableEngines(endpoints), endpoints, workload.concurrency)));
    if (options.overheadOnly) {
      const postgres = engines.find((e) => e.name === 'postgresql')!;
      await postgres.load(generateBookstore(workload.seed));
      const overhead = await measureOverhead(postgres, log);
      return {
        suite: 'compare-overhead',
        startedAt: new Date(started).toISOString(),
        durationSeconds: (Date.now() - started) / 1000,
        environment: machineEnvironment({ imageMode: context.imageMode }),
        rows: overheadRows(overhead),
        notes: [overheadNote(overhead)],
      };
    }
    log(`workload ${workload.name} on ${engines.map((e) => e.name).join(', ')}`);
    let lastLog = 0;
    const comparison = await runComparison({
      workload,
      engines,
      onProgress: (p) => {
        if (p.phase !== 'running' || Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          log(`${p.phase} ${p.engine ?? ''} ${p.repetition ? `#${p.repetition}` : ''} ${p.completed ?? ''}`.trim());
        }
      },
    });
    const files = writeComparison(options.benchDir, comparison);
    log(`comparison written: ${files.join(', ')}`);

    const postgres = engines.find((e) => e.name === 'postgresql')!;
    await postgres.load(generateBookstore(workload.seed));
    const overhead = await measureOverhead(postgres, log);
    const rows = overheadRows(overhead);
    return {
      suite: 'compare',
      startedAt: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      environment: machineEnvironment({ imageMode: context.imageMode, workload: workload.name }),
      rows,
      notes: [
        `comparison of ${comparison.engines.map((e) => e.engine).join(', ')}: see ${files.find((f) => f.endsWith('latest.md'))}`,
        ...comparison.engines.flatMap((e) =>
          e.operations.map(
            (o) =>
              `${e.engine} · ${o.operation}: ${o.throughput} op/s, p50 ${o.latency.p50} ms, p99 ${o.latency.p99} ms, errors ${o.errors}`,
          ),
        ),
        comparison.unreliable
          ? 'the comparison was flagged unreliable (client CPU or schedule lag)'
          : 'no run was flagged unreliable',
        overheadNote(overhead),
      ],
    };
  } finally {
    await Promise.all(engines.map((e) => e.close().catch(() => undefined)));
    await runtime.destroy(sandboxId);
  }
}

interface Overhead {
  bare: Summary;
  harness: Summary;
  /** harness p50 / bare p50 of each round (a round is one bare run then one harness run). */
  roundRatios: number[];
}

function overheadRows(overhead: Overhead): BenchRow[] {
  return [
    { name: 'bare driver loop, paced (point read)', summary: overhead.bare },
    {
      name: 'harness, open loop (point read)',
      summary: overhead.harness,
      floor: 'bare driver loop, paced (point read)',
    },
  ];
}

/** The figure the issue asks for (p50 ratio, goal ≤ 1.05) with its spread over the rounds. */
function overheadNote({ bare, harness, roundRatios }: Overhead): string {
  const ratio = harness.p50 / bare.p50;
  return (
    `harness overhead: the same PostgreSQL point read at ${OVERHEAD.rate} op/s, one connection, ${OVERHEAD.rounds} alternating ` +
    `rounds of ${OVERHEAD.secondsPerRound} s through the harness and through a bare loop paced to the same schedule; ` +
    `ratio p50 ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)} %, goal ≤ 1.05); per round ${roundRatios
      .map((r) => r.toFixed(3))
      .join(', ')} (spread ${Math.min(...roundRatios).toFixed(3)}–${Math.max(...roundRatios).toFixed(3)})`
  );
}

function writeComparison(dir: string, result: ComparisonResult): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const files: string[] = [];
  for (const name of [`compare-${result.workload.name}-${stamp}`, 'compare-results-latest']) {
    const base = join(dir, name);
    writeFileSync(`${base}.md`, comparisonMarkdown(result));
    writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
    writeFileSync(`${base}.csv`, comparisonCsv(result));
    files.push(`${base}.md`, `${base}.json`, `${base}.csv`);
  }
  return files;
}

/**
 * The same operation timed two ways on one connection, both from each operation's intended start:
 * a plain loop that sleeps until the start and calls the driver, and the harness (scheduler,
 * backlog, histograms). Same schedule, same measure: the difference is what the harness adds.
 */
async function measureOverhead(engine: CompareEngine, log: (line: string) => void): Promise<Overhead> {
  const count = OVERHEAD.rate * OVERHEAD.secondsPerRound;
  const bare = new LatencyHistogram();
  const harness = new LatencyHistogram();
  const roundRatios: number[] = [];
  for (let round = 0; round < OVERHEAD.rounds; round += 1) {
    const bareRound = new LatencyHistogram();
    const origin = performance.now();
    for (let i = 0; i < count; i += 1) {
      const due = origin + (i * 1000) / OVERHEAD.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await engine.pointRead((i % 50) + 1);
      // From the intended start, as the harness counts: both include the timer's own lateness.
      bareRound.recordMs(performance.now() - due);
    }
    bare.add(bareRound);
    let i = 0;
    const run = await runOpenLoop({
      ratePerSecond: OVERHEAD.rate,
      durationMs: OVERHEAD.secondsPerRound * 1000,
      warmupMs: 0,
      concurrency: 1,
      next: () => {
        const bookId = (i++ % 50) + 1;
        return { name: 'point-read', run: () => engine.pointRead(bookId) };
      },
    });
    const measured = run.operations.get('point-read')!;
    harness.add(measured.corrected);
    roundRatios.push(measured.corrected.percentileMs(50) / bareRound.percentileMs(50));
    bareRound.destroy();
    measured.corrected.destroy();
    measured.uncorrected.destroy();
  }
  const summaries = { bare: toSummary(bare), harness: toSummary(harness), roundRatios };
  log(`overhead: bare p50 ${summaries.bare.p50} ms, harness p50 ${summaries.harness.p50} ms`);
  bare.destroy();
  harness.destroy();
  return summaries;
}

function toSummary(histogram: LatencyHistogram): Summary {
  const s = histogram.summary();
  return {
    runs: s.count,
    p50: s.p50,
    p95: histogram.percentileMs(95),
    min: histogram.percentileMs(0),
    max: s.max,
    mean: s.mean,
  };
}
