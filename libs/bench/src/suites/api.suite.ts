import { createLabClient, expectData } from '@lab/api-client';
import { runOpenLoop } from '@lab/compare';
import type { LabConfig } from '@lab/config';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchReport, BenchRow, machineEnvironment } from '../report';
import { KitImageResolver } from '@lab/image-kit';
import { DockerSandboxRuntime } from '@lab/runtime';
import { ControlApiProcess, ensureControlApiBundle } from './classroom/api-process';
import { capacityAgainstFloors, FLOOR_NAMES } from './api/floor-figures';
import { FLOOR_KINDS, startFloorServer } from './api/floor-process';
import { destroyAll, readInstanceId } from './classroom/engine';
import { pollUntil } from './classroom/poll';
import type { SuiteContext } from './runtime.suite';

/** The rate every route is held at for its p99 (requests per second, open loop). */
const CONSTANT_RATE = 1_000;
/** Rates tried, in order, to find the most a route sustains. */
const RATE_STEPS = [1_000, 1_500, 2_000, 3_000, 4_000, 6_000] as const;
const SECONDS_PER_STEP = 10;
/** Connections of the open loop: enough that a slow answer does not hold back the next request. */
const CONNECTIONS = 64;
/** Discarded before each measured step: connections opened, JIT warm at that rate. */
const WARMUP_MS = 1_000;
/** A step is sustained when at least this share of the asked rate was answered with 2xx… */
const SUSTAINED_SHARE = 0.95;
/** …and its p99 stayed under this. */
const SUSTAINED_P99_MS = 50;
/**
 * Idle after a route's last step, an overload (the listing's 6,000/s step queued answers for 2.5 s),
 * so the next route's rows do not start with its backlog and the garbage it left.
 */
const SETTLE_MS = 5_000;

export type ApiLabSettings = Pick<LabConfig, 'docker' | 'imageKitPath' | 'benchDir'>;

interface Step {
  rate: number;
  answered: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** The load generator's own CPU (1 = a core): it shares the 2 cores with the API. */
  clientCpu: number;
}

/**
 * The control API under a constant request rate (open loop: request i is due at i ÷ rate and its
 * latency counts from then, @lab/compare's scheduler, as in the comparisons): p99 of
 * `GET /api/sandboxes` and `GET /api/sandboxes/:id` (a student with one ready sandbox) at 1,000
 * requests/s, then the rate stepped up until the answers fall behind or p99 passes 50 ms.
 */
export async function apiSuite(context: SuiteContext, lab?: ApiLabSettings): Promise<BenchReport> {
  const { log } = context;
  const started = Date.now();
  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-bench-api-'));
  const benchDir = lab?.benchDir ?? 'bench-results';
  mkdirSync(benchDir, { recursive: true });
  const logFile = resolve(benchDir, `api-control-api-${runId}.log`);
  const adminToken = `bench-admin-${randomBytes(24).toString('base64url')}`;
  const env: Record<string, string> = {
    LAB_DATA_DIR: dataDir,
    LAB_EXAMPLES_DIR: resolve('examples'),
    LAB_ADMIN_TOKEN: adminToken,
    // The per-user limit would answer 429 long before the API is the bottleneck.
    LAB_RATE_LIMIT_PER_MINUTE: String(10_000_000),
    LAB_IMAGE_MODE: context.imageMode,
    LAB_IMAGE_KIT: resolve(lab?.imageKitPath ?? 'docker/images.yaml'),
    DOCKER_SOCKET: lab?.docker.socketPath ?? '/var/run/docker.sock',
    // Every request logged as a JSON line would measure the logger; warnings still go to the file.
    LOG_LEVEL: 'warn',
  };

  const rows: BenchRow[] = [];
  const notes: string[] = [];
  /** Closed-loop answers per second, by route or floor. */
  const capacities = new Map<string, number>();
  let api: ControlApiProcess | undefined;
  try {
    ensureControlApiBundle(log);
    api = await ControlApiProcess.start(env, { logFile });
    const admin = createLabClient({ baseUrl: api.base, token: adminToken });
    const token = (await expectData(admin.POST('/api/tokens', { body: { name: 'bench-api', role: 'student' } }))).token;
    const student = createLabClient({ baseUrl: api.base, token });
    const sandbox = await expectData(student.POST('/api/sandboxes', { body: { example: 'caching' } }));
    await pollUntil(
      () => expectData(student.GET('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } })),
      (s) => s.state === 'ready' || s.state === 'failed',
      { timeoutMs: 180_000, intervalMs: 200, what: 'the sandbox to be ready' },
    );
    const headers = { authorization: `Bearer ${token}` };
    const routes = [
      { name: 'GET /api/sandboxes', url: `${api.base}/api/sandboxes` },
      { name: 'GET /api/sandboxes/:id', url: `${api.base}/api/sandboxes/${sandbox.id}` },
    ];
    // What the floors answer: the API's own answer to the listing, byte for byte.
    const listing = await (await fetch(routes[0]!.url, { headers })).text();
    // Warm-up: JIT, connection pools, caches.
    await autocannon({ url: routes[0]!.url, headers, connections: 10, duration: 3 });

    const frameworkFloor = closedRowName(FLOOR_NAMES['nest-fastify']);
    for (const route of routes) {
      const measured = await measureRoute(route.name, route.url, headers, log);
      addRows(rows, notes, route.name, measured, {
        closed: frameworkFloor,
        atRate: openLoopRowName(FLOOR_NAMES['nest-fastify']),
      });
      capacities.set(route.name, answersPerSecond(measured.closed));
    }
    // The floors, in the same run on the same machine, one at a time (the API idles meanwhile).
    for (const kind of FLOOR_KINDS) {
      const floor = await startFloorServer(kind, listing);
      try {
        const url = `${floor.base}/api/sandboxes`;
        await autocannon({ url, headers, connections: 10, duration: 3 });
        const measured = await measureRoute(FLOOR_NAMES[kind], url, headers, log);
        addRows(rows, notes, FLOOR_NAMES[kind], measured);
        capacities.set(FLOOR_NAMES[kind], answersPerSecond(measured.closed));
      } finally {
        await floor.stop();
      }
    }
  } finally {
    await api?.stop();
    // The sandbox is the API's: removed by its installation's label once the API is gone.
    const instance = readInstanceId(dataDir);
    const runtime = new DockerSandboxRuntime(
      context.docker,
      new KitImageResolver(context.kit, context.docker, context.imageMode),
    );
    if (instance) await destroyAll(runtime, { 'lab.instance': instance });
    rmSync(dataDir, { recursive: true, force: true });
  }

  return {
    suite: 'api',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ connections: CONNECTIONS }),
    rows,
    notes: [
      ...notes,
      capacityAgainstFloors(
        capacities,
        [...capacities.keys()].filter((name) => name.startsWith('GET')),
      ),
      `Floors (same run, a process each, answering the API's own listing to a bearer request, on both routes; one at a time while the API idles): ${FLOOR_NAMES.node} = what the machine answers at all; ${FLOOR_NAMES['nest-express']} = Nest 11 on its Express adapter, one controller, one guard, the API's route prefix and reply, no lookup, no logging; ${FLOOR_NAMES['nest-fastify']} = the same app on Nest's Fastify adapter (the API's): what the API's framework alone costs (the API's rows are compared with it, p50 ÷ floor).`,
      `Open-loop rows: request i due at i ÷ rate over ${CONNECTIONS} keep-alive connections, latency from when it was due (a late answer delays no later request's clock; requests leave with 1-ms timers, up to ~1 ms after they were due, which counts in their latency); ${WARMUP_MS / 1000} s warm-up discarded per step. Closed-loop rows: autocannon.`,
      `"Sustains" = the highest step where ≥ ${SUSTAINED_SHARE * 100} % of the asked rate was answered 2xx with p99 ≤ ${SUSTAINED_P99_MS} ms (the load generator shares the 2 cores with the API: its CPU is in each step).`,
      `Runs = requests answered; the API's log (warnings only): ${logFile}.`,
    ],
  };
}

/** What autocannon resolves with. */
type ClosedLoopResult = Awaited<ReturnType<typeof autocannon>>;

interface RouteMeasurement {
  closed: ClosedLoopResult;
  steps: Step[];
}

const closedRowName = (name: string) => `${name}, 8 connections closed loop, ${SECONDS_PER_STEP} s`;
const openLoopRowName = (name: string) => `${name} @ ${CONSTANT_RATE}/s open loop, ${SECONDS_PER_STEP} s`;
const answersPerSecond = (closed: ClosedLoopResult) => closed['2xx'] / closed.duration;

/** As fast as 8 connections go (closed loop), then the rate steps until one is not sustained. */
async function measureRoute(
  name: string,
  url: string,
  headers: Record<string, string>,
  log: (line: string) => void,
): Promise<RouteMeasurement> {
  const closed = await autocannon({ url, headers, connections: 8, duration: SECONDS_PER_STEP });
  const steps: Step[] = [];
  for (const rate of RATE_STEPS) {
    const step = await atRate(url, headers, rate);
    steps.push(step);
    log(
      `${name} @ ${rate}/s: answered ${step.answered.toFixed(0)}/s, p50 ${step.p50.toFixed(1)} ms, p99 ${step.p99.toFixed(1)} ms, errors ${step.errors}, load generator CPU ${step.clientCpu.toFixed(2)}`,
    );
    if (!sustained(step)) break;
  }
  await new Promise((settled) => setTimeout(settled, SETTLE_MS));
  return { closed, steps };
}

/** A route's (or floor's) two rows, closed loop and at the constant rate, and its notes. */
function addRows(
  rows: BenchRow[],
  notes: string[],
  name: string,
  { closed, steps }: RouteMeasurement,
  floors?: { closed: string; atRate: string },
): void {
  rows.push({
    name: closedRowName(name),
    summary: {
      runs: closed['2xx'],
      p50: closed.latency.p50,
      p95: Number.NaN,
      p99: closed.latency.p99,
      min: Number.NaN,
      max: closed.latency.max,
      mean: closed.latency.mean,
    },
    floor: floors?.closed,
  });
  notes.push(`${name}, closed loop: ${answersPerSecond(closed).toFixed(0)} answers/s.`);
  const constant = steps[0]!;
  rows.push({
    name: openLoopRowName(name),
    summary: {
      runs: Math.round(constant.answered * SECONDS_PER_STEP),
      p50: constant.p50,
      p95: Number.NaN,
      p99: constant.p99,
      min: Number.NaN,
      max: constant.max,
      mean: Number.NaN,
    },
    floor: floors?.atRate,
  });
  const best = steps.filter(sustained).at(-1);
  const highest = best === steps.at(-1) && best?.rate === RATE_STEPS.at(-1) ? ' (the highest step tried)' : '';
  notes.push(
    `${name}: sustains ${best ? `${best.rate}/s${highest} (p99 ${best.p99.toFixed(1)} ms)` : `less than ${RATE_STEPS[0]}/s`}` +
      `; steps: ${steps.map((s) => `${s.rate}/s → ${s.answered.toFixed(0)}/s p99 ${s.p99.toFixed(1)} ms, client CPU ${s.clientCpu.toFixed(2)}${s.errors ? `, ${s.errors} errors` : ''}`).join('; ')}.`,
  );
}

/**
 * One step at a constant rate. Not autocannon's `overallRate`: that lets each connection send its
 * share of a second back to back when the second starts, so every second began with a burst of
 * the whole second's requests (p99 365 ms at 1,000/s from an API that answers 1,700/s closed loop).
 */
async function atRate(url: string, headers: Record<string, string>, rate: number): Promise<Step> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const get = () =>
    new Promise<void>((resolveGet, rejectGet) => {
      const outgoing = request(url, { agent, headers }, (answer) => {
        answer.resume();
        answer.on('end', () =>
          answer.statusCode! >= 200 && answer.statusCode! < 300
            ? resolveGet()
            : rejectGet(new Error(`HTTP ${answer.statusCode}`)),
        );
        answer.on('error', rejectGet);
      });
      outgoing.on('error', rejectGet);
      outgoing.end();
    });
  try {
    const result = await runOpenLoop({
      ratePerSecond: rate,
      durationMs: SECONDS_PER_STEP * 1000,
      warmupMs: WARMUP_MS,
      concurrency: CONNECTIONS,
      next: () => ({ name: 'get', run: get }),
      // The load generator shares the two cores with the API: no busy wait for the last fraction
      // of a millisecond (a request leaves ≤ ~1 ms late, and that counts in its latency).
      subMillisecondWait: 'timer',
    });
    const operation = result.operations.get('get');
    const latency = operation?.corrected.summary();
    // The histogram holds the 2xx answers only; failures are counted apart.
    const answered = latency?.count ?? 0;
    return {
      rate,
      answered: answered / (result.measuredMs / 1000),
      p50: latency?.p50 ?? Number.NaN,
      p99: latency?.p99 ?? Number.NaN,
      max: latency?.max ?? Number.NaN,
      errors: operation?.errors ?? 0,
      clientCpu: result.clientCpu,
    };
  } finally {
    agent.destroy();
  }
}

function sustained(step: Step): boolean {
  return step.answered >= step.rate * SUSTAINED_SHARE && step.p99 <= SUSTAINED_P99_MS && step.errors === 0;
}
