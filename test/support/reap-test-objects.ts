import { loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime, LABEL } from '@lab/runtime';
import { isLeftOver, testOwnerPid } from './test-labels';

/**
 * Removes the sandboxes that test runs left behind: those of runs that ended (pids given as
 * arguments: the jest process whose teardown calls this) and of runs that were killed (their
 * process is gone). Run by the integration tests' global teardown (global-teardown.js) in a child
 * process; prints how many sandboxes it removed.
 */
export async function reapTestObjects(docker: DockerClient, finished: ReadonlySet<number>): Promise<string[]> {
  const runtime = new DockerSandboxRuntime(
    docker,
    new KitImageResolver(loadImageKit(loadLabConfig().imageKitPath), docker, 'auto'),
  );
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
  return [...sandboxes];
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
