import { createLabClient, expectData, LabClient } from '@lab/api-client';
import { compileSandbox, loadCatalog } from '@lab/catalog';
import type { LabConfig } from '@lab/config';
import { KitImageResolver } from '@lab/image-kit';
import { DockerSandboxRuntime, ResolvedImage, SandboxSpec, SandboxSpecInput, validateSandboxSpec } from '@lab/runtime';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchReport, BenchRow, machineEnvironment } from '../report';
import { summarize } from '../stats';
import { ControlApiProcess, ensureControlApiBundle } from './classroom/api-process';
import { destroyAll, readInstanceId } from './classroom/engine';
import { pollUntil } from './classroom/poll';
import { provisionWithBareCalls, withoutAppWork } from './launch/bare-sandbox';
import { startWithTestcontainers, stopPeer } from './launch/peer';
import type { SuiteContext } from './runtime.suite';

const BENCH_LABEL = 'lab.bench';
const EXAMPLES_DIR = 'examples';
export const LAUNCH_EXAMPLES = ['sql-vs-nosql', 'caching', 'auth'] as const;
/** The example whose PostgreSQL + Redis pair the peer (testcontainers) starts. */
const PEER_EXAMPLE = 'caching';
const PEER_SERVICES = new Set(['postgres', 'redis']);
/** How often the suite reads the sandbox while it waits for `ready` (the figure's resolution). */
const POLL_MS = 20;

/** The parts of the lab's configuration the spawned control API needs to reach the same engine and images. */
export type LaunchLabSettings = Pick<LabConfig, 'docker' | 'imageKitPath' | 'benchDir'>;

/**
 * Launch time per example: `POST /api/sandboxes` → `ready` through the real control API (the
 * production bundle as a process), against a floor measured in the same run (the same images'
 * containers made with bare engine calls, ready by the same probes, the app replaced by an idle
 * server), and a peer: the PostgreSQL + Redis pair started by testcontainers for Node, beside the
 * same pair through the lab's runtime. Variants alternate within each run, so drift in the
 * machine hits them alike; one warm-up round is discarded.
 */
export async function launchSuite(context: SuiteContext, lab?: LaunchLabSettings): Promise<BenchReport> {
  const { docker, runs, log } = context;
  const started = Date.now();
  const images = new KitImageResolver(context.kit, docker, context.imageMode);
  const runtime = new DockerSandboxRuntime(docker, images);
  const catalog = loadCatalog(EXAMPLES_DIR, images.allowedKeys());
  const examples = LAUNCH_EXAMPLES.map((name) => {
    const found = catalog.examples.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`example "${name}" is not in ${EXAMPLES_DIR}/ (or did not load)`);
    return found;
  });
  const appImageKeys = new Set(Object.keys(context.kit.manifest.apps));

  const runId = randomBytes(3).toString('hex');
  const labels = { [BENCH_LABEL]: runId };
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-bench-launch-'));
  const benchDir = lab?.benchDir ?? 'bench-results';
  mkdirSync(benchDir, { recursive: true });
  const logFile = resolve(benchDir, `launch-control-api-${runId}.log`);
  const adminToken = `bench-admin-${randomBytes(24).toString('base64url')}`;
  const env: Record<string, string> = {
    LAB_DATA_DIR: dataDir,
    LAB_EXAMPLES_DIR: resolve(EXAMPLES_DIR),
    LAB_ADMIN_TOKEN: adminToken,
    LAB_RATE_LIMIT_PER_MINUTE: '100000',
    LAB_IMAGE_MODE: context.imageMode,
    LAB_IMAGE_KIT: resolve(lab?.imageKitPath ?? 'docker/images.yaml'),
    DOCKER_SOCKET: lab?.docker.socketPath ?? '/var/run/docker.sock',
    LOG_LEVEL: 'info',
  };
  // testcontainers reads its settings from the environment only: the same engine, no reaper
  // container (its image is not on an offline machine; this suite removes what it made by label).
  // Written, not read: testcontainers has no other way to take these settings.
  // eslint-disable-next-line no-restricted-syntax
  process.env.DOCKER_HOST ??= `unix://${env.DOCKER_SOCKET}`;
  // eslint-disable-next-line no-restricted-syntax
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';

  const samples = new Map<string, number[]>();
  const record = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  let api: ControlApiProcess | undefined;
  /** Sandbox id → example, to read the API's log by example. */
  const exampleOf = new Map<string, string>();
  const failures: string[] = [];

  try {
    ensureControlApiBundle(log);
    api = await ControlApiProcess.start(env, { logFile });
    log(`control API up at ${api.base}; its log: ${logFile}`);
    const admin = createLabClient({ baseUrl: api.base, token: adminToken });
    const token = (await expectData(admin.POST('/api/tokens', { body: { name: 'bench-launch', role: 'student' } })))
      .token;
    const student = createLabClient({ baseUrl: api.base, token });

    const peerExample = examples.find((e) => e.name === PEER_EXAMPLE)!;
    for (let run = -1; run < runs; run++) {
      const keep = run >= 0;
      const line: string[] = [];
      for (const example of examples) {
        const launched = await launchThroughApi(student, example.name).catch((error: unknown) => {
          // On a loaded machine an app may time out and fail: counted and reported, not fatal.
          failures.push(`${example.name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
          return undefined;
        });
        if (launched) exampleOf.set(launched.id, example.name);
        const apiMs = launched?.ms ?? Number.NaN;
        const compiled = compileSandbox(example, 'bench', undefined);
        const spec = withoutAppWork(validateSandboxSpec(compiled.spec, images.allowedKeys()), appImageKeys);
        const floorId = `bench-${runId}-floor-${example.name}-${run + 1}`;
        const t = performance.now();
        await provisionWithBareCalls(docker, images, floorId, spec, labels);
        const floorMs = performance.now() - t;
        await runtime.destroy(floorId);
        if (keep) {
          if (launched) record(`api:${example.name}`, apiMs);
          record(`floor:${example.name}`, floorMs);
        }
        line.push(`${example.name} ${apiMs.toFixed(0)}/${floorMs.toFixed(0)} ms`);
      }

      const pair = pairSpec(compileSandbox(peerExample, 'bench', undefined).spec, images);
      const lib = await timed(async () => {
        const id = `bench-${runId}-pair-${run + 1}`;
        await runtime.provision(id, pair, { labels });
        return id;
      });
      await runtime.destroy(lib.value);
      const resolved = new Map<string, ResolvedImage>();
      for (const service of pair.services) resolved.set(service.image, await images.resolve(service.image));
      const peer = await timed(() => startWithTestcontainers(pair, resolved, labels));
      await stopPeer(peer.value);
      const peerNetworked = await timed(() => startWithTestcontainers(pair, resolved, labels, { ownNetwork: true }));
      await stopPeer(peerNetworked.value);
      const pairFloorId = `bench-${runId}-pairfloor-${run + 1}`;
      const pairFloor = await timed(() => provisionWithBareCalls(docker, images, pairFloorId, pair, labels));
      await runtime.destroy(pairFloorId);
      if (keep) {
        record('pair:lab', lib.ms);
        record('pair:peer', peer.ms);
        record('pair:peer-network', peerNetworked.ms);
        record('pair:floor', pairFloor.ms);
      }
      line.push(
        `pair lab ${lib.ms.toFixed(0)} / testcontainers ${peer.ms.toFixed(0)} (own network ${peerNetworked.ms.toFixed(0)}) / floor ${pairFloor.ms.toFixed(0)} ms`,
      );
      log(`${keep ? `run ${run + 1}/${runs}` : 'warm-up'}: ${line.join(' · ')}`);
    }
  } finally {
    await api?.stop();
    // What the API made (a failed launch's stopped containers are kept a while for their logs).
    const instance = readInstanceId(dataDir);
    if (instance) await destroyAll(runtime, { 'lab.instance': instance });
    const left = await destroyAll(runtime, labels);
    await removeLabelledContainers(docker.raw, runId);
    if (left > 0) log(`removed ${left} leftover sandbox(es)`);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  for (const example of LAUNCH_EXAMPLES) {
    const floorName = `floor: ${example}, bare engine calls + probes, idle app`;
    rows.push({ name: floorName, summary: summarize(samples.get(`floor:${example}`)!) });
    const launched = samples.get(`api:${example}`);
    if (launched)
      rows.push({ name: `${example}: POST /api/sandboxes → ready`, summary: summarize(launched), floor: floorName });
  }
  const pairFloor = 'floor: PG+Redis, bare engine calls + probes';
  rows.push({ name: pairFloor, summary: summarize(samples.get('pair:floor')!) });
  rows.push({
    name: 'PG+Redis: lab runtime.provision',
    summary: summarize(samples.get('pair:lab')!),
    floor: pairFloor,
  });
  rows.push({
    name: 'PG+Redis: testcontainers 11 (peer)',
    summary: summarize(samples.get('pair:peer')!),
    floor: pairFloor,
  });
  rows.push({
    name: 'PG+Redis: testcontainers 11, on a network of its own (peer)',
    summary: summarize(samples.get('pair:peer-network')!),
    floor: pairFloor,
  });
  const labP50 = rows.find((r) => r.name === 'PG+Redis: lab runtime.provision')!.summary.p50;
  const peerP50 = rows.find((r) => r.name === 'PG+Redis: testcontainers 11 (peer)')!.summary.p50;
  const peerNetworkP50 = rows.find((r) => r.name.startsWith('PG+Redis: testcontainers 11, on a network'))!.summary.p50;

  const version = await docker.raw.version();
  return {
    suite: 'launch',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ docker: version.Version, imageMode: context.imageMode }),
    rows,
    notes: [
      `PG+Redis: the lab's p50 is ${(labP50 / peerP50).toFixed(2)}× testcontainers' on the default bridge, ${(labP50 / peerNetworkP50).toFixed(2)}× testcontainers' on a network of its own (same images, user, env, tmpfs, probes; testcontainers without its reaper). Every lab sandbox has a network of its own (its isolation): the engine makes it (~70 ms here) and sets up its name service in each container at start (~70 ms more than on the default bridge, measured with bare \`docker create\`/\`start\`).`,
      'API rows: from sending `POST /api/sandboxes` to the first `GET /api/sandboxes/:id` that reads `ready` (polled every 20 ms); removal is not measured.',
      "Floors: the example's containers with the same create options and start order, made with bare engine calls and ready by the same probes; app services run an idle HTTP server instead of the app (Node starts, no app work); a service started on first use (the terminal's toolbox) is created, not started, on both sides.",
      ...serviceBreakdown(logFile, exampleOf),
      ...(failures.length > 0
        ? [`${failures.length} launch(es) failed (left out of the figures): ${failures.join(' · ')}`]
        : []),
      `The control API's log: ${logFile}. One warm-up round is discarded.`,
    ],
  };
}

/** POST, then read the sandbox until it is ready (throws when it fails); removes it afterwards. */
async function launchThroughApi(student: LabClient, example: string): Promise<{ ms: number; id: string }> {
  const t = performance.now();
  const created = await expectData(student.POST('/api/sandboxes', { body: { example } }));
  const { at } = await pollUntil(
    async () => {
      const sandbox = await expectData(student.GET('/api/sandboxes/{id}', { params: { path: { id: created.id } } }));
      if (sandbox.state === 'failed') throw new Error(`${example} sandbox ${created.id} failed: ${sandbox.reason}`);
      return sandbox.state;
    },
    (state) => state === 'ready',
    { timeoutMs: 180_000, intervalMs: POLL_MS, what: `${example} sandbox ${created.id} to be ready` },
  );
  await expectData(student.DELETE('/api/sandboxes/{id}', { params: { path: { id: created.id } } }));
  await pollUntil(
    () => expectData(student.GET('/api/sandboxes/{id}', { params: { path: { id: created.id } } })),
    (sandbox) => sandbox.state === 'deleted',
    { timeoutMs: 120_000, intervalMs: 100, what: `${example} sandbox ${created.id} to be deleted` },
  );
  return { ms: at - t, id: created.id };
}

/** The PostgreSQL + Redis services of a compiled example, alone. */
function pairSpec(input: SandboxSpecInput, images: KitImageResolver): SandboxSpec {
  const spec = validateSandboxSpec(input, images.allowedKeys());
  return {
    ...spec,
    services: spec.services.filter((s) => PEER_SERVICES.has(s.name)).map((s) => ({ ...s, dependsOn: [] })),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t };
}

/** testcontainers' containers of this run that a failed run left behind. */
async function removeLabelledContainers(engine: import('dockerode'), runId: string): Promise<void> {
  const containers = await engine.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${runId}`] } });
  await Promise.all(
    containers.map((c) =>
      engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/**
 * Where the API's launches spent their time: the provisioner logs each service's readiness wait
 * (`<service> (<id>) ready in N ms`); the median per example and service.
 */
function serviceBreakdown(logFile: string, exampleOf: ReadonlyMap<string, string>): string[] {
  if (!existsSync(logFile)) return [];
  const text = readFileSync(logFile, 'utf8');
  const waits = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const ready = /sandbox (sb-[0-9a-f]+): ([a-z0-9-]+) \([0-9a-f]+\) ready in (\d+) ms/.exec(line);
    if (!ready) continue;
    const key = `${exampleOf.get(ready[1]!) ?? '?'} ${ready[2]}`;
    waits.set(key, [...(waits.get(key) ?? []), Number(ready[3])]);
  }
  if (waits.size === 0) return [];
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [
    `Readiness wait per service after its container started (median, from the API's log, warm-up included): ${[...waits]
      .map(([key, values]) => `${key} ${median(values)} ms`)
      .join(', ')}.`,
  ];
}
