import { LabConfig, loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import {
  DockerClient,
  DockerSandboxRuntime,
  LABEL,
  SandboxRuntime,
  SwarmSandboxRuntime,
  TMPFS_VOLUME_LABEL,
} from '@lab/runtime';
import { randomBytes } from 'node:crypto';
import { availability } from './availability';
import { TEST_RUN_LABEL, testRunLabels } from './test-labels';
import { acquireTestSwarm, releaseTestSwarm } from './test-swarm';

/** Label on everything a test run creates, so the run can reap its own objects even after a failure. */
export { TEST_RUN_LABEL };

/** The adapters of the runtime port that the contract suites run against. */
export type RuntimeKind = 'docker' | 'swarm';

export interface TestLab {
  kind: RuntimeKind;
  config: LabConfig;
  docker: DockerClient;
  images: KitImageResolver;
  runtime: SandboxRuntime;
  runId: string;
  labels: Record<string, string>;
  sandboxId: (name: string) => string;
  /**
   * What is left of a sandbox: its containers (Swarm: its services), networks and the spec's
   * volumes (Swarm's stand-ins for tmpfs mounts are counted apart, in `tmpfsVolumes`).
   */
  leftovers: (sandboxId: string) => Promise<{ containers: number; networks: number; volumes: number }>;
  /** Removes the run's sandboxes (Swarm: and leaves the tests' swarm when this run made it). */
  reap: () => Promise<void>;
}

/**
 * The runtime port on the real engine for one test file. `swarm`: the engine becomes the manager
 * of a single-node swarm for the file (test-swarm.ts), given back by `reap`.
 */
export function createTestLab(kind: RuntimeKind = 'docker'): TestLab {
  const config = loadLabConfig();
  const docker = new DockerClient(config.docker);
  const images = new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode);
  const runtime: SandboxRuntime =
    kind === 'swarm'
      ? new SwarmSandboxRuntime(docker, images, { constraints: config.runtime.swarmConstraints })
      : new DockerSandboxRuntime(docker, images);
  const runId = randomBytes(4).toString('hex');
  if (kind === 'swarm') beforeAll(() => acquireTestSwarm(docker, runId));
  return {
    kind,
    config,
    docker,
    images,
    runtime,
    runId,
    // The run, and the process that made it: a later run's teardown reaps them if this one is killed.
    labels: testRunLabels(runId),
    sandboxId: (name) => `t${runId}-${name}`,
    async leftovers(sandboxId) {
      const filter = { [LABEL.sandbox]: sandboxId };
      const [containers, networks, volumes, services] = await Promise.all([
        docker.listContainers(filter),
        docker.listNetworks(filter),
        docker.listVolumes(filter),
        kind === 'swarm' ? docker.listServices(filter) : Promise.resolve([]),
      ]);
      return {
        containers: kind === 'swarm' ? services.length : containers.length,
        networks: networks.length,
        volumes: volumes.filter((v) => v.labels[TMPFS_VOLUME_LABEL] !== 'true').length,
      };
    },
    async reap() {
      try {
        const filter = { [TEST_RUN_LABEL]: runId };
        const ids = new Set<string>();
        for (const c of await docker.listContainers(filter)) ids.add(c.Labels[LABEL.sandbox] ?? '');
        for (const n of await docker.listNetworks(filter)) ids.add(n.labels[LABEL.sandbox] ?? '');
        if (kind === 'swarm') for (const s of await runtime.list(filter)) ids.add(s.id);
        for (const id of ids) if (id) await runtime.destroy(id);
      } finally {
        if (kind === 'swarm') await releaseTestSwarm();
      }
    },
  };
}

/**
 * The adapters a contract suite runs against, each with its title suffix, empty when it runs.
 * Swarm is skipped only on an engine that is a swarm worker (the tests never make one a manager).
 */
export function runtimeKinds(): [RuntimeKind, string][] {
  const swarm = availability().swarm;
  return [
    ['docker', ''],
    ['swarm', swarm.usable ? '' : ` (skipped: ${swarm.why})`],
  ];
}

/** One contract suite per adapter: `title [docker]`, `title [swarm]`; a skipped one says why in its title. */
export function describeEachRuntime(title: string, suite: (kind: RuntimeKind) => void): void {
  for (const [kind, skipped] of runtimeKinds()) {
    (skipped ? describe.skip : describe)(`${title} [${kind}]${skipped}`, () => suite(kind));
  }
}
