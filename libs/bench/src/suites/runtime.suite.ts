import { ImageKit, KitImageResolver } from '@lab/image-kit';
import {
  buildContainerOptions,
  DockerClient,
  DockerSandboxRuntime,
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
  log: (line: string) => void;
}

const BENCH_LABEL = 'lab.bench';

/**
 * Provisioning PostgreSQL + Redis to ready through the library, against a floor: the same
 * containers (same create options) made with bare engine calls and the same probes, so the
 * ratio is the library's own overhead (validation, adoption checks, labels, bookkeeping).
 * Runs alternate so that drift in the machine hits both variants alike.
 */
export async function runtimeSuite(context: SuiteContext): Promise<BenchReport> {
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
