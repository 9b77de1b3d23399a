import { ImageKit, KitImageResolver } from '@lab/image-kit';
import {
  buildContainerOptions,
  DockerClient,
  DockerSandboxRuntime,
  ensureSingleNodeSwarm,
  SandboxRuntime,
  SwarmSandboxRuntime,
  LABEL,
  objectName,
  PUBLISH_HOST_IP,
  sandboxLabels,
  SandboxSpec,
  validateSandboxSpec,
  waitUntilReady,
} from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { randomBytes } from 'node:crypto';
import { BenchReport, machineEnvironment } from '../report';
import { summarize } from '../stats';

export interface SuiteContext {
  docker: DockerClient;
  kit: ImageKit;
  imageMode: 'auto' | 'official' | 'offline';
  runs: number;
  /** The runtime suite: `swarm` measures the Swarm adapter against the Docker adapter. */
  runtime?: 'docker' | 'swarm';
  log: (line: string) => void;
}

const BENCH_LABEL = 'lab.bench';
const BENCH_ADAPTER_LABEL = 'lab.bench-adapter';

/**
 * Provisioning PostgreSQL + Redis to ready through the library, against a floor: the same
 * containers (same create options) made with bare engine calls and the same probes, so the
 * ratio is the library's own overhead (validation, adoption checks, labels, bookkeeping).
 * Runs alternate so that drift in the machine hits both variants alike.
 */
export async function runtimeSuite(context: SuiteContext): Promise<BenchReport> {
  if (context.runtime === 'swarm') return swarmRuntimeSuite(context);
  const { docker, runs, log } = context;
  const images = new KitImageResolver(context.kit, docker, context.imageMode);
  const runtime = new DockerSandboxRuntime(docker, images);
  const started = Date.now();
  const library: number[] = [];
  const floor: number[] = [];
  const runId = randomBytes(3).toString('hex');

  try {
    // One unmeasured warm-up of each, so the page cache holds the images for both variants.
    for (let i = -1; i < runs; i++) {
      const { spec } = postgresRedisSpec({ owner: 'bench' });
      const libraryId = `bench-${runId}-lib-${i + 1}`;
      let t = performance.now();
      await runtime.provision(libraryId, spec, { labels: { [BENCH_LABEL]: runId } });
      const libraryMs = performance.now() - t;
      await runtime.destroy(libraryId);

      const floorId = `bench-${runId}-floor-${i + 1}`;
      const validated = validateSandboxSpec(spec, images.allowedKeys());
      const resolved = await Promise.all(validated.services.map((s) => images.resolve(s.image)));
      t = performance.now();
      await provisionWithBareCalls(docker, floorId, validated, resolved, runId);
      const floorMs = performance.now() - t;
      await runtime.destroy(floorId);

      if (i >= 0) {
        library.push(libraryMs);
        floor.push(floorMs);
        log(`run ${i + 1}/${runs}: library ${libraryMs.toFixed(0)} ms, floor ${floorMs.toFixed(0)} ms`);
      }
    }
  } finally {
    for (const sandbox of await runtime.list({ [BENCH_LABEL]: runId })) await runtime.destroy(sandbox.id);
  }

  const version = await docker.raw.version();
  return {
    suite: 'runtime',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ docker: version.Version, imageMode: context.imageMode }),
    rows: [
      { name: 'floor: bare engine calls + probes (PG+Redis to ready)', summary: summarize(floor) },
      {
        name: 'library: runtime.provision (PG+Redis to ready)',
        summary: summarize(library),
        floor: 'floor: bare engine calls + probes (PG+Redis to ready)',
      },
    ],
    notes: [
      'Both variants create the same hardened containers (same create options) and wait for the same probes: TCP + `SELECT 1` for PostgreSQL, `PING` for Redis.',
      'Each measured run starts from nothing (no network, no containers) and ends when every probe passed; removal is not measured.',
      'One warm-up run of each variant is discarded.',
    ],
  };
}

async function provisionWithBareCalls(
  docker: DockerClient,
  sandboxId: string,
  spec: SandboxSpec,
  images: Awaited<ReturnType<KitImageResolver['resolve']>>[],
  runId: string,
): Promise<void> {
  const engine = docker.raw;
  const labels = {
    ...sandboxLabels({ sandboxId, example: spec.example, owner: spec.owner, specHash: 'floor' }),
    [BENCH_LABEL]: runId,
  };
  const networkName = objectName.network(sandboxId);
  await engine.createNetwork({ Name: networkName, Driver: 'bridge', Labels: labels });
  await Promise.all(
    spec.services.map(async (service, index) => {
      const options = buildContainerOptions({
        sandboxId,
        service,
        image: images[index]!,
        networkName,
        labels: { ...labels, [LABEL.service]: service.name },
      });
      const container = await engine.createContainer(options);
      await container.start();
      const info = await container.inspect();
      const portOf = (port: number) => Number(info.NetworkSettings.Ports[`${port}/tcp`]![0]!.HostPort);
      if (service.readiness)
        await waitUntilReady(service.readiness, (port) => ({ host: PUBLISH_HOST_IP, port: portOf(port) }));
    }),
  );
}

/**
 * Launch time of the same sandbox (PostgreSQL + Redis to ready) on the Swarm adapter and on the
 * Docker adapter, alternating. On an engine in no swarm, a single-node swarm is made for the run
 * and left afterwards (pool 10.214.0.0/16); a manager's swarm is used as it is.
 */
async function swarmRuntimeSuite(context: SuiteContext): Promise<BenchReport> {
  const { docker, runs, log } = context;
  const images = new KitImageResolver(context.kit, docker, context.imageMode);
  const runtimes: [string, SandboxRuntime][] = [
    ['docker', new DockerSandboxRuntime(docker, images)],
    ['swarm', new SwarmSandboxRuntime(docker, images)],
  ];
  const started = Date.now();
  const times: Record<string, number[]> = { docker: [], swarm: [] };
  const removal: Record<string, number[]> = { docker: [], swarm: [] };
  const memory: Record<string, number[]> = { docker: [], swarm: [] };
  const runId = randomBytes(3).toString('hex');
  const swarm = await ensureSingleNodeSwarm(docker, { [BENCH_LABEL]: runId });
  try {
    try {
      for (let i = -1; i < runs; i++) {
        for (const [name, runtime] of runtimes) {
          const { spec } = postgresRedisSpec({ owner: 'bench' });
          const id = `bench-${runId}-${name}-${i + 1}`;
          let t = performance.now();
          // Labelled by adapter: both see each other's objects (task containers carry the same labels).
          await runtime.provision(id, spec, { labels: { [BENCH_LABEL]: runId, [BENCH_ADAPTER_LABEL]: name } });
          const provisionMs = performance.now() - t;
          memory[name]!.push(await memoryOf(docker, id));
          t = performance.now();
          await runtime.destroy(id);
          const removeMs = performance.now() - t;
          if (i >= 0) {
            times[name]!.push(provisionMs);
            removal[name]!.push(removeMs);
            log(`run ${i + 1}/${runs} ${name}: launch ${provisionMs.toFixed(0)} ms, removal ${removeMs.toFixed(0)} ms`);
          }
        }
      }
    } finally {
      for (const [name, runtime] of runtimes) {
        for (const sandbox of await runtime.list({ [BENCH_LABEL]: runId, [BENCH_ADAPTER_LABEL]: name })) {
          await runtime.destroy(sandbox.id);
        }
      }
    }
  } finally {
    await swarm.leave();
  }

  const version = await docker.raw.version();
  return {
    suite: 'runtime-swarm',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ docker: version.Version, imageMode: context.imageMode }),
    rows: [
      { name: 'Docker adapter: launch (PG+Redis to ready)', summary: summarize(times.docker!) },
      {
        name: 'Swarm adapter: launch (PG+Redis to ready)',
        summary: summarize(times.swarm!),
        floor: 'Docker adapter: launch (PG+Redis to ready)',
      },
      { name: 'Docker adapter: removal', summary: summarize(removal.docker!) },
      { name: 'Swarm adapter: removal', summary: summarize(removal.swarm!), floor: 'Docker adapter: removal' },
    ],
    notes: [
      'Same spec, same probes (TCP + `SELECT 1` for PostgreSQL, `PING` for Redis), same engine; runs alternate between the adapters.',
      `Swarm: a single-node swarm on this engine${swarm.made ? ' made for the run and left afterwards' : ''}; launch = overlay network + one service per container, until the tasks run and the probes pass.`,
      'One warm-up run of each adapter is discarded.',
      `Memory of a sandbox just ready (cgroup usage of its containers, page cache included), MiB p50: Docker ${median(memory.docker!)}, Swarm ${median(memory.swarm!)}.`,
    ],
  };
}

/** Memory the sandbox's containers use (cgroup usage), in MiB. */
async function memoryOf(docker: DockerClient, sandboxId: string): Promise<number> {
  let bytes = 0;
  for (const container of await docker.listContainers({ [LABEL.sandbox]: sandboxId }, false)) {
    const stats = (await docker.raw.getContainer(container.Id).stats({ stream: false })) as {
      memory_stats?: { usage?: number };
    };
    bytes += stats.memory_stats?.usage ?? 0;
  }
  return bytes / 1_048_576;
}

function median(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 'n/a' : sorted[Math.floor(sorted.length / 2)]!.toFixed(0);
}
