import {
  DockerClient,
  ensureSingleNodeSwarm,
  leaveSingleNodeSwarm,
  singleNodeSwarmAvailability,
  TemporarySwarm,
  TEMPORARY_SWARM_LABEL,
} from '@lab/runtime';
import { testRunLabels } from './test-labels';

/**
 * The single-node swarm of the Swarm adapter's tests, on the one engine the tests share: made when
 * the engine is in no swarm (pool 10.214.0.0/16, apart from the sandboxes' 10.213.0.0/16) and left
 * once the last suite of the file releases it; an engine that is a manager already is kept as it is.
 * The swarm carries the run's labels: a killed run's swarm is left by the global teardown.
 */
export { TEMPORARY_SWARM_LABEL };
export const swarmAvailability = singleNodeSwarmAvailability;

let holders = 0;
let swarm: TemporarySwarm | undefined;

export async function acquireTestSwarm(docker: DockerClient, runId: string): Promise<void> {
  holders += 1;
  if (holders === 1) swarm = await ensureSingleNodeSwarm(docker, testRunLabels(runId));
}

export async function releaseTestSwarm(): Promise<void> {
  holders = Math.max(0, holders - 1);
  if (holders > 0 || !swarm) return;
  const made = swarm;
  swarm = undefined;
  await made.leave();
}

/** For the reaper: leaves a swarm a killed test run made (its gateway bridge with it). */
export function leaveTestSwarm(docker: DockerClient): Promise<void> {
  return leaveSingleNodeSwarm(docker, false);
}
