import { createLabClient, expectData, LabClient, LabSchemas } from '@lab/api-client';
import { compileSandbox, ExampleManifest, loadCatalog } from '@lab/catalog';
import type { LabConfig } from '@lab/config';
import { KitImageResolver } from '@lab/image-kit';
import { DockerSandboxRuntime } from '@lab/runtime';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchReport, BenchRow, machineEnvironment } from '../report';
import { summarize } from '../stats';
import { CONTROL_API_BUNDLE, ControlApiProcess, ensureControlApiBundle } from './classroom/api-process';
import { destroyAll, readInstanceId } from './classroom/engine';
import { mapConcurrently, pollUntil, sleep } from './classroom/poll';
import { describeSeatCpu, machineBusySeconds, seatCpuSeconds } from './classroom/seat-cpu';
import { ContainerMemory, describeSeatMemory, seatMemory, seatMemoryReport } from './classroom/seat-memory';
import type { SuiteContext } from './runtime.suite';

const BENCH_LABEL = 'lab.bench';
const INSTANCE_LABEL = 'lab.instance';
const EXAMPLES_DIR = 'examples';
const EXAMPLE = 'sql-vs-nosql';
const POOL_SIZE = 2;
/** The control API's default LAB_PROVISION_CONCURRENCY, used by both sides of every comparison. */
const CONCURRENCY = 4;
const CLASS_SIZES = [10, 30] as const;
/** Issue 15's goal for a class of 30 on this machine. */
const GOAL_SEATS_PER_MINUTE = 60;
/** Issue 15's goal for an idle seat's PostgreSQL + app. */
const GOAL_SEAT_MIB = 100;
/** Left out of the goal's "PostgreSQL + app" figure (still in the whole seat's). */
const NOT_COUNTED = ['toolbox'] as const;
/**
 * How long the class idles before its memory is read: the apps' first major GC after boot (their
 * heap shrinks by ~4 MiB) and PostgreSQL's first autovacuum round (1 min naptime) are behind by then.
 */
const SETTLE_MS = 30_000;

type WorkshopView = LabSchemas['WorkshopDto'];
type SeatView = LabSchemas['SeatDto'];

/** The parts of the lab's configuration the spawned control API needs to reach the same engine and images. */
export type ClassroomLabSettings = Pick<LabConfig, 'docker' | 'imageKitPath'>;

export interface ClassroomOptions {
  /**
   * `full` (default): everything below. `class-of-30`: only the class of 30 (through the API, its
   * memory once idle, then its floor), the issue's two goals in a few minutes.
   */
  scope?: 'full' | 'class-of-30';
}

/**
 * A class on real Docker through the real control API (the production bundle as a process):
 * provisioning a workshop of 10 and of 30 seats, a bulk reset of the 10, a launch served by the
 * warm pool, and the memory of an idle seat of the 30. Each figure has a floor measured in the same run:
 * the same work without the control plane (runtime.provision, the app's /lab/reset) or, for the
 * pool, a cold launch through the same API.
 */
export async function classroomSuite(
  context: SuiteContext,
  lab?: ClassroomLabSettings,
  options: ClassroomOptions = {},
): Promise<BenchReport> {
  const { docker, runs, log } = context;
  const full = (options.scope ?? 'full') === 'full';
  const sizes = full ? CLASS_SIZES : ([CLASS_SIZES[1]] as const);
  const started = Date.now();
  const images = new KitImageResolver(context.kit, docker, context.imageMode);
  const runtime = new DockerSandboxRuntime(docker, images);
  const catalog = loadCatalog(EXAMPLES_DIR, images.allowedKeys());
  const example = catalog.examples.find((candidate) => candidate.name === EXAMPLE);
  if (!example) throw new Error(`example "${EXAMPLE}" is not in ${EXAMPLES_DIR}/ (or did not load)`);

  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-bench-classroom-'));
  const adminToken = `bench-admin-${randomBytes(24).toString('base64url')}`;
  const env = (warmPool: string): Record<string, string> => ({
    LAB_DATA_DIR: dataDir,
    LAB_EXAMPLES_DIR: resolve(EXAMPLES_DIR),
    LAB_ADMIN_TOKEN: adminToken,
    LAB_QUOTA_TOTAL: '80',
    LAB_QUOTA_PER_USER: '10',
    LAB_RECONCILE_SECONDS: '2',
    LAB_WARM_POOL: warmPool,
    LAB_PROVISION_CONCURRENCY: String(CONCURRENCY),
    // The suite polls every 100-250 ms; the default 300 requests a minute would answer 429.
    LAB_RATE_LIMIT_PER_MINUTE: '100000',
    LAB_IMAGE_MODE: context.imageMode,
    LAB_IMAGE_KIT: resolve(lab?.imageKitPath ?? 'docker/images.yaml'),
    DOCKER_SOCKET: lab?.docker.socketPath ?? '/var/run/docker.sock',
    ...(lab
      ? {
          LAB_DOCKER_TIMEOUT_MS: String(lab.docker.callTimeoutMs),
          LAB_IMAGE_TIMEOUT_MS: String(lab.docker.imageTimeoutMs),
        }
      : {}),
    LOG_LEVEL: 'info',
  });

  const provisioning = new Map<string, number>(); // `${side}-${seats}` → ms
  const cpuSplit = new Map<number, string>(); // seats → where a directly provisioned seat's CPU went
  const bulkResets: number[] = [];
  const directBulkResets: number[] = [];
  const seatResets: number[] = [];
  const directSeatResets: number[] = [];
  const resetMethods = new Map<string, number>();
  const claims: number[] = [];
  const coldLaunches: number[] = [];
  const memory: ContainerMemory[][] = [];
  /** Every sandbox this run had the API make (seats, claims, cold launches): never mistaken for a pooled one. */
  const ours = new Set<string>();
  let api: ControlApiProcess | undefined;
  let instance: string | undefined;

  try {
    ensureControlApiBundle(log);
    // Without a pool first, so the provisioning figures measure seats only (and an engine with
    // Docker's default address pools, about 30 networks, still fits the 30-seat class).
    api = await ControlApiProcess.start(env(''));
    instance = readInstanceId(dataDir);
    log(`control API up at ${api.base} (instance ${instance ?? 'unknown'}, data ${dataDir})`);
    let admin = createLabClient({ baseUrl: api.base, token: adminToken });
    const leaderToken = await issueToken(admin, 'bench-leader', 'leader');
    const studentToken = await issueToken(admin, 'bench-student', 'student');
    let leader = createLabClient({ baseUrl: api.base, token: leaderToken });
    let student = createLabClient({ baseUrl: api.base, token: studentToken });

    const workshop = (id: string) => expectData(leader.GET('/api/workshops/{id}', { params: { path: { id } } }));

    /** Pooled sandboxes kept by the API running now (none on the first start). */
    let poolSize = 0;
    /** Waits until the pool holds `poolSize` ready sandboxes and nothing of ours is still changing. */
    const quiet = async () => {
      await pollUntil(
        () => expectData(admin.GET('/api/sandboxes')),
        (all) => {
          const live = all.filter((s) => s.state !== 'deleted' && s.state !== 'failed');
          const pooled = live.filter((s) => s.example === EXAMPLE && !ours.has(s.id));
          const ourBusy = live.filter((s) => ours.has(s.id) && s.state !== 'ready');
          return pooled.length === poolSize && pooled.every((s) => s.state === 'ready') && ourBusy.length === 0;
        },
        { timeoutMs: 300_000, intervalMs: 500, what: `the ${EXAMPLE} pool to hold ${poolSize} ready sandboxes` },
      );
    };

    const provisionThroughApi = async (seats: number): Promise<WorkshopView> => {
      const endsAt = new Date(Date.now() + 60 * 60_000).toISOString();
      const t = performance.now();
      const created = await expectData(leader.POST('/api/workshops', { body: { example: EXAMPLE, seats, endsAt } }));
      for (const seat of created.seats) ours.add(seat.sandboxId);
      const { value, at } = await pollUntil(
        async () => {
          const view = await workshop(created.id);
          const failed = view.seats.find((seat) => seat.state === 'failed');
          if (failed)
            throw new Error(`seat ${failed.seat} failed: ${failed.reason ?? 'no reason given'}${hint(failed.reason)}`);
          return view;
        },
        (view) => view.seats.every((seat) => seat.state === 'ready'),
        { timeoutMs: 20 * 60_000, intervalMs: 250, what: `${seats} seats to be ready` },
      );
      const ms = at - t;
      provisioning.set(`api-${seats}`, ms);
      log(`workshop of ${seats} seats ready in ${(ms / 1000).toFixed(1)} s`);
      return value;
    };

    const endWorkshop = async (id: string) => {
      await expectData(leader.DELETE('/api/workshops/{id}', { params: { path: { id } } }));
      await pollUntil(
        () => workshop(id),
        (view) => view.seats.every((seat) => seat.state === 'deleted'),
        { timeoutMs: 10 * 60_000, intervalMs: 500, what: 'every seat to be deleted' },
      );
    };

    const provisionDirectly = async (seats: number) => {
      const ids = Array.from({ length: seats }, (_, i) => `bench-${runId}-c${seats}-${i + 1}`);
      const specs = ids.map(() => compileSandbox(example, 'bench').spec);
      const busyBefore = machineBusySeconds();
      const t = performance.now();
      await mapConcurrently(ids, CONCURRENCY, (id, i) =>
        runtime.provision(id, specs[i]!, { labels: { [BENCH_LABEL]: runId } }),
      );
      const ms = performance.now() - t;
      const busyAfter = machineBusySeconds();
      provisioning.set(`floor-${seats}`, ms);
      log(`floor: ${seats} sandboxes provisioned directly in ${(ms / 1000).toFixed(1)} s`);
      if (busyBefore !== undefined && busyAfter !== undefined) {
        // Where a seat's CPU goes (issue 15: seats/min on 2 cores is CPU-bound): its own containers
        // (PostgreSQL, the app's start) against the engine's work to make and start them.
        const perSeat = await mapConcurrently(ids, 8, (id) => seatCpuSeconds(docker, id));
        cpuSplit.set(seats, describeSeatCpu(seats, busyAfter - busyBefore, perSeat));
      }
      await mapConcurrently(ids, CONCURRENCY, (id) => runtime.destroy(id));
    };

    await quiet();

    // ---- 10 seats: provisioning (floor first), bulk resets ---------------------------------------
    if (full) {
      await provisionDirectly(CLASS_SIZES[0]);
      const small = await provisionThroughApi(CLASS_SIZES[0]);
      await quiet();

      const appUrls = await Promise.all(
        small.seats.map(async (seat) => {
          const sandbox = await expectData(
            leader.GET('/api/sandboxes/{id}', { params: { path: { id: seat.sandboxId } } }),
          );
          if (!sandbox.app) throw new Error(`seat ${seat.seat} has no app URL`);
          return new URL(sandbox.app.url).origin;
        }),
      );
      for (let i = -1; i < runs; i++) {
        const bulk = await bulkReset(leader, small.id, workshop);
        const direct = await resetDirectly(appUrls, example);
        if (i < 0) continue; // warm-up
        bulkResets.push(bulk.ms);
        for (const seat of bulk.seats) {
          seatResets.push(seat.lastReset!.durationMs ?? Number.NaN);
          const method = seat.lastReset!.method ?? 'unknown';
          resetMethods.set(method, (resetMethods.get(method) ?? 0) + 1);
        }
        directBulkResets.push(direct.ms);
        directSeatResets.push(...direct.each);
        log(
          `reset run ${i + 1}/${runs}: bulk ${bulk.ms.toFixed(0)} ms through the API, ${direct.ms.toFixed(0)} ms direct`,
        );
      }
      await endWorkshop(small.id);
      await quiet();
    }

    // ---- 30 seats (API first, then the floor: ABBA over the two sizes), memory once idle --------
    const large = await provisionThroughApi(CLASS_SIZES[1]);
    await quiet();
    log(`class of ${CLASS_SIZES[1]} idle ${SETTLE_MS / 1000} s, then memory per seat`);
    await sleep(SETTLE_MS);
    memory.push(...(await mapConcurrently(large.seats, 8, (seat) => seatMemory(docker, seat.sandboxId))));
    await endWorkshop(large.id);
    await quiet();
    await provisionDirectly(CLASS_SIZES[1]);
    await quiet();

    // ---- warm-pool claim vs cold launch: the same API (same data) restarted with a pool ----------
    if (full) {
      await api.stop();
      api = await ControlApiProcess.start(env(`${EXAMPLE}=${POOL_SIZE}`));
      admin = createLabClient({ baseUrl: api.base, token: adminToken });
      leader = createLabClient({ baseUrl: api.base, token: leaderToken });
      student = createLabClient({ baseUrl: api.base, token: studentToken });
      poolSize = POOL_SIZE;
      log(`control API restarted with LAB_WARM_POOL=${EXAMPLE}=${POOL_SIZE}; waiting for the pool to fill`);
      const removeAndWait = async (id: string) => {
        await expectData(student.DELETE('/api/sandboxes/{id}', { params: { path: { id } } }));
        await pollUntil(
          () => expectData(student.GET('/api/sandboxes/{id}', { params: { path: { id } } })),
          (sandbox) => sandbox.state === 'deleted',
          { timeoutMs: 120_000, intervalMs: 250, what: `sandbox ${id} to be deleted` },
        );
      };
      for (let i = 0; i < runs; i++) {
        await quiet();
        let t = performance.now();
        const claimed = await expectData(student.POST('/api/sandboxes', { body: { example: EXAMPLE } }));
        const claimMs = performance.now() - t;
        ours.add(claimed.id);
        if (claimed.state !== 'ready') throw new Error(`the launch was not served by the pool (${claimed.state})`);
        await removeAndWait(claimed.id);

        await quiet();
        t = performance.now();
        // With an Idempotency-Key a launch always gets a row of its own: the same route, cold.
        const cold = await expectData(
          student.POST('/api/sandboxes', {
            body: { example: EXAMPLE },
            headers: { 'idempotency-key': `bench-${runId}-cold-${i + 1}` },
          }),
        );
        ours.add(cold.id);
        const { at } = await pollUntil(
          async () => {
            const sandbox = await expectData(student.GET('/api/sandboxes/{id}', { params: { path: { id: cold.id } } }));
            if (sandbox.state === 'failed') throw new Error(`cold launch failed: ${sandbox.reason ?? ''}`);
            return sandbox;
          },
          (sandbox) => sandbox.state === 'ready',
          { timeoutMs: 300_000, intervalMs: 100, what: 'a cold launch to be ready' },
        );
        const coldMs = at - t;
        await removeAndWait(cold.id);
        claims.push(claimMs);
        coldLaunches.push(coldMs);
        log(`claim run ${i + 1}/${runs}: pool ${claimMs.toFixed(1)} ms, cold ${coldMs.toFixed(0)} ms`);
      }
    }
  } catch (error) {
    if (api) log(`control API output (tail):\n${api.tail()}`);
    throw error;
  } finally {
    await api?.stop().catch((error: unknown) => log(`stopping the control API: ${String(error)}`));
    try {
      instance ??= readInstanceId(dataDir);
    } catch (error) {
      log(`reading the instance id: ${String(error)}`);
    }
    let removed = 0;
    if (instance) removed += await destroyAll(runtime, { [INSTANCE_LABEL]: instance });
    removed += await destroyAll(runtime, { [BENCH_LABEL]: runId });
    for (const id of ours) {
      if (!(await runtime.inspect(id))) continue;
      await runtime.destroy(id);
      removed += 1;
    }
    log(`cleanup: ${removed} sandbox(es) removed`);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const version = await docker.raw.version();
  const rows: BenchRow[] = [];
  for (const seats of sizes) {
    const floor = `floor: runtime.provision × ${seats} (direct, ${CONCURRENCY} at a time)`;
    rows.push(
      { name: floor, summary: summarize([provisioning.get(`floor-${seats}`)!]) },
      {
        name: `workshop of ${seats} seats: POST → every seat ready`,
        summary: summarize([provisioning.get(`api-${seats}`)!]),
        floor,
      },
    );
  }
  const directBulk = `floor: POST /lab/reset on 10 seats' apps (direct, ${CONCURRENCY} at a time)`;
  const directSeat = "floor: one seat's POST /lab/reset (direct)";
  const cold = 'floor: cold launch (POST with Idempotency-Key → ready)';
  if (full)
    rows.push(
      { name: directBulk, summary: summarize(directBulkResets) },
      { name: 'bulk reset of 10 seats: POST → every seat done', summary: summarize(bulkResets), floor: directBulk },
      { name: directSeat, summary: summarize(directSeatResets) },
      {
        name: 'one seat’s reset as the API records it (lastReset.durationMs)',
        summary: summarize(seatResets),
        floor: directSeat,
      },
      { name: cold, summary: summarize(coldLaunches) },
      { name: 'warm-pool claim (POST → answered ready)', summary: summarize(claims), floor: cold },
    );

  const perMinute = (seats: number, side: string) => (seats * 60_000) / provisioning.get(`${side}-${seats}`)!;
  const class30 = CLASS_SIZES[1];
  const seats30 = perMinute(class30, 'api');
  const seatsFloor30 = perMinute(class30, 'floor');
  const idle = seatMemoryReport(memory, NOT_COUNTED);
  return {
    suite: full ? 'classroom' : 'classroom-30',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({
      docker: version.Version,
      imageMode: context.imageMode,
      scope: full ? 'full' : 'class-of-30',
    }),
    rows,
    notes: [
      `The control API is the production bundle (${CONTROL_API_BUNDLE}) as its own process on SQLite, with LAB_PROVISION_CONCURRENCY=${CONCURRENCY}, LAB_RECONCILE_SECONDS=2, LAB_QUOTA_TOTAL=80, LAB_QUOTA_PER_USER=10, LAB_RATE_LIMIT_PER_MINUTE=100000 (the suite polls), LOG_LEVEL=info; example ${EXAMPLE} (PostgreSQL + app that migrates and seeds at first boot).`,
      `Class of ${class30}: ${seats30.toFixed(1)} seats/min through the API (goal ≥ ${GOAL_SEATS_PER_MINUTE}: ${seats30 >= GOAL_SEATS_PER_MINUTE ? 'met' : 'not met'}) vs ${seatsFloor30.toFixed(1)} seats/min direct (floor of this run; the API reaches ${((seats30 / seatsFloor30) * 100).toFixed(0)} % of it).${full ? ` 10 seats: ${perMinute(10, 'api').toFixed(1)} through the API vs ${perMinute(10, 'floor').toFixed(1)} direct.` : ''}`,
      ...[...cpuSplit].map(
        ([seats, split]) =>
          `CPU of the direct provisioning of ${seats} (the machine's busy time over the provisioning from /proc/stat; each container's own from the engine's stats, read before removal): ${split}.`,
      ),
      `Memory per idle seat (class of ${class30}, ${SETTLE_MS / 1000} s after every seat was ready and nothing changed; the engine's cgroup figures as \`docker stats\` shows them — usage minus inactive file cache — per container, summed per seat; one sample per seat): ${describeSeatMemory(idle, `PostgreSQL + app (goal ≤ ${GOAL_SEAT_MIB} MiB: ${idle.counted.p50 <= GOAL_SEAT_MIB ? 'met' : 'not met'} at p50)`)} Process memory is the cgroup's rss (heaps); tmpfs/shared memory is its cache still in use (PostgreSQL's data directory on its tmpfs, shared buffers, /dev/shm); kernel is the rest (page tables, slab). File pages of the images (the node binary, libraries) are charged to whichever container read them first, so they show up in no seat's figure.`,
      `Provisioning is measured once per class size (not --runs times): ${full ? '10 seats floor then API, ' : ''}30 seats API then floor; seats are never served from the pool. The floor provisions the example's compiled spec with runtime.provision, ${CONCURRENCY} at a time, and ends when the last is ready; the API side ends at the first GET /api/workshops/:id (polled every 250 ms) showing every seat ready. Each class is ended and fully deleted before the next step. Provisioning, resets and memory run on the API without a warm pool, so those figures are about seats only.`,
      ...(full
        ? [
            `Bulk reset: POST /api/workshops/:id/reset {} until every seat's lastReset of that batch is done (polled every 100 ms); methods ${[...resetMethods].map(([method, n]) => `${method} ×${n}`).join(', ')}. Its floor calls each seat app's POST /lab/reset directly, ${CONCURRENCY} at a time (the API's queue width). ${runs} runs after one discarded warm-up; data unchanged between resets (a restore drops and re-creates from the template either way).`,
            `Warm-pool claim: POST /api/sandboxes {example} answered with a ready sandbox, vs a cold launch of the same example through the same route (an Idempotency-Key makes it skip the pool) until GET shows ready (polled every 100 ms), on the same API (same data) restarted with LAB_WARM_POOL=${EXAMPLE}=${POOL_SIZE}. ${runs} runs, alternating; before each, the pool is refilled and ready and the previous sandbox deleted. At p50 a claim is ${(summarize(coldLaunches).p50 / summarize(claims).p50).toFixed(0)}× faster than a cold launch.`,
          ]
        : []),
    ],
  };
}

/** What to do about a failure the engine's defaults cause. */
function hint(reason: string | undefined): string {
  return reason?.includes('address pool')
    ? ' (one network per sandbox: the engine ran out of address pools; its defaults hold about 30 networks, raise default-address-pools in the daemon configuration)'
    : '';
}

/** A new token issued with the admin's client. */
async function issueToken(admin: LabClient, name: string, role: 'student' | 'leader'): Promise<string> {
  return (await expectData(admin.POST('/api/tokens', { body: { name, role } }))).token;
}

/** POST /api/workshops/:id/reset {} and wait until each seat's reset of this batch is done. */
async function bulkReset(
  leader: LabClient,
  workshopId: string,
  view: (id: string) => Promise<WorkshopView>,
): Promise<{ ms: number; seats: SeatView[] }> {
  const t = performance.now();
  const answer = await expectData(
    leader.POST('/api/workshops/{id}/reset', { params: { path: { id: workshopId } }, body: {} }),
  );
  const resetOf = new Map(answer.seats.map((seat) => [seat.seat, seat.lastReset?.id]));
  const { value, at } = await pollUntil(
    async () => {
      const current = await view(workshopId);
      const failed = current.seats.find((seat) => seat.lastReset?.state === 'failed');
      if (failed) throw new Error(`reset of seat ${failed.seat} failed: ${failed.lastReset?.detail ?? ''}`);
      return current;
    },
    (current) =>
      current.seats.every(
        (seat) =>
          seat.state === 'ready' && seat.lastReset?.id === resetOf.get(seat.seat) && seat.lastReset?.state === 'done',
      ),
    { timeoutMs: 300_000, intervalMs: 100, what: 'every seat to be reset' },
  );
  return { ms: at - t, seats: value.seats };
}

/** The floor of a bulk reset: the example's reset entry point of each seat's app, called directly. */
async function resetDirectly(appUrls: string[], example: ExampleManifest): Promise<{ ms: number; each: number[] }> {
  const entry = example.reset?.http;
  if (!entry) throw new Error(`${example.name} has no reset entry point`);
  const t = performance.now();
  const each = await mapConcurrently(appUrls, CONCURRENCY, async (url) => {
    const s = performance.now();
    const response = await fetch(`${url}${entry.path}`, { method: entry.method });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}${entry.path} answered ${response.status}`);
    return performance.now() - s;
  });
  return { ms: performance.now() - t, each };
}
