import { loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime, LABEL, SwarmSandboxRuntime } from '@lab/runtime';
import { isLeftOver, testOwnerPid } from './test-labels';
import { leaveTestSwarm, TEMPORARY_SWARM_LABEL } from './test-swarm';

/**
 * Removes the sandboxes that test runs left behind: those of runs that ended (pids given as
 * arguments: the jest process whose teardown calls this) and of runs that were killed (their
 * process is gone). Run by the integration tests' global teardown (global-teardown.js) in a child
 * process; prints how many sandboxes it removed.
 */
export async function reapTestObjects(docker: DockerClient, finished: ReadonlySet<number>): Promise<string[]> {
  const images = new KitImageResolver(loadImageKit(loadLabConfig().imageKitPath), docker, 'auto');
  const runtime = new DockerSandboxRuntime(docker, images);
  const removed = await reapSwarm(docker, new SwarmSandboxRuntime(docker, images), finished);
  // Every object the runtime makes is `lab.managed`; which of them are a test's is in the labels.
  const filter = { [LABEL.managed]: 'true' };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers(filter),
    docker.listNetworks(filter),
    docker.listVolumes(filter),
  ]);
  const labelSets = [
    ...containers.map((c) => c.Labels),
    ...networks.map((n) => n.labels),
    ...volumes.map((v) => v.labels),
  ];
  const sandboxes = new Set<string>();
  for (const labels of labelSets) {
    const pid = testOwnerPid(labels);
    const sandbox = labels[LABEL.sandbox];
    if (pid !== undefined && sandbox && isLeftOver(pid, finished)) sandboxes.add(sandbox);
  }
  for (const sandbox of sandboxes) await runtime.destroy(sandbox);
  return [...removed, ...sandboxes];
}

/**
 * On a swarm manager: the left-over sandboxes' services, then the swarm itself when a test run
 * made it (test-swarm.ts) and that run is over: the engine is left as the run found it.
 */
async function reapSwarm(
  docker: DockerClient,
  runtime: SwarmSandboxRuntime,
  finished: ReadonlySet<number>,
): Promise<string[]> {
  const swarmLabels = await docker.swarmLabels();
  if (!swarmLabels) return [];
  const leftOver = (labels: Record<string, string>) => {
    const pid = testOwnerPid(labels);
    return pid !== undefined && isLeftOver(pid, finished);
  };
  const sandboxes = (await runtime.list()).filter((sandbox) => leftOver(sandbox.labels)).map((s) => s.id);
  for (const sandbox of sandboxes) await runtime.destroy(sandbox);
  if (swarmLabels[TEMPORARY_SWARM_LABEL] === 'true' && leftOver(swarmLabels)) await leaveTestSwarm(docker);
  return sandboxes;
}

if (require.main === module) {
  const finished = new Set(process.argv.slice(2).map(Number));
  reapTestObjects(new DockerClient(loadLabConfig().docker), finished).then(
    (removed) => process.stdout.write(`${JSON.stringify({ removed })}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
