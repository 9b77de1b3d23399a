import { LabConfig, loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime, LABEL } from '@lab/runtime';
import { randomBytes } from 'node:crypto';
import { TEST_RUN_LABEL, testRunLabels } from './test-labels';

/** Label on everything a test run creates, so the run can reap its own objects even after a failure. */
export { TEST_RUN_LABEL };

export interface TestLab {
  config: LabConfig;
  docker: DockerClient;
  images: KitImageResolver;
  runtime: DockerSandboxRuntime;
  runId: string;
  labels: Record<string, string>;
  sandboxId: (name: string) => string;
  leftovers: (sandboxId: string) => Promise<{ containers: number; networks: number; volumes: number }>;
  reap: () => Promise<void>;
}

export function createTestLab(): TestLab {
  const config = loadLabConfig();
  const docker = new DockerClient(config.docker);
  const images = new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode);
  const runtime = new DockerSandboxRuntime(docker, images);
  const runId = randomBytes(4).toString('hex');
  return {
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
      const [containers, networks, volumes] = await Promise.all([
        docker.listContainers(filter),
        docker.listNetworks(filter),
        docker.listVolumes(filter),
      ]);
      return { containers: containers.length, networks: networks.length, volumes: volumes.length };
    },
    async reap() {
      const filter = { [TEST_RUN_LABEL]: runId };
      const ids = new Set<string>();
      for (const c of await docker.listContainers(filter)) ids.add(c.Labels[LABEL.sandbox] ?? '');
      for (const n of await docker.listNetworks(filter)) ids.add(n.labels[LABEL.sandbox] ?? '');
      for (const id of ids) if (id) await runtime.destroy(id);
    },
  };
}
