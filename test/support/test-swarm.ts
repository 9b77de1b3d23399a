import { DockerClient } from '@lab/runtime';
import { testRunLabels } from './test-labels';

/**
 * A single-node swarm for the Swarm adapter's tests, on the one engine the tests share: made only
 * when the engine is in no swarm, and then left as found (the swarm left, the `docker_gwbridge`
 * the swarm made removed). An engine that is already a manager is used as it is and kept.
 */

/**
 * Overlay subnets come from here, never from the sandboxes' bridge pool (10.213.0.0/16, set by
 * docker/engine.sh), so a swarm network can never take a bridge's addresses or the other way round.
 */
export const TEST_SWARM_ADDRESS_POOL = '10.214.0.0/16';

/** Marks a swarm made by a test run (with the run's pid): a killed run's swarm is left by the reaper. */
export const TEST_SWARM_LABEL = 'lab.test-swarm';

const GATEWAY_BRIDGE = 'docker_gwbridge';

export type SwarmAvailability = { usable: true } | { usable: false; why: string };

let holders = 0;
let made: { gatewayBridgeExisted: boolean } | undefined;

/** Whether the engine can host the tests' swarm: in no swarm (we make one) or a manager already. */
export async function swarmAvailability(docker: DockerClient): Promise<SwarmAvailability> {
  const { state, manager } = await docker.swarmState();
  if (state === 'inactive' || manager) return { usable: true };
  return { usable: false, why: `the engine is a swarm ${state === 'active' ? 'worker' : `node in state ${state}`}` };
}

/** Joins the tests' swarm (making it when the engine is in none); pair with `releaseTestSwarm`. */
export async function acquireTestSwarm(docker: DockerClient, runId: string): Promise<void> {
  holders += 1;
  if (holders > 1) return;
  const { state, manager } = await docker.swarmState();
  if (state === 'active' && manager) return; // someone's own swarm: use it, never leave it
  if (state !== 'inactive') throw new Error(`the engine is in swarm state ${state} and not a manager`);
  const gatewayBridgeExisted = (await docker.inspectNetwork(GATEWAY_BRIDGE)) !== undefined;
  await docker.swarmInit({
    // Loopback: the swarm has one node and no peer must reach it; the tasks' host-mode ports are
    // then reported at 127.0.0.1, where this host reaches them.
    advertiseAddr: '127.0.0.1',
    listenAddr: '127.0.0.1:2377',
    defaultAddrPool: [TEST_SWARM_ADDRESS_POOL],
    subnetSize: 24,
    labels: { [TEST_SWARM_LABEL]: 'true', ...testRunLabels(runId) },
  });
  made = { gatewayBridgeExisted };
}

/** Leaves the swarm once the last holder releases it, if this process made it. */
export async function releaseTestSwarm(docker: DockerClient): Promise<void> {
  holders = Math.max(0, holders - 1);
  if (holders > 0 || !made) return;
  const { gatewayBridgeExisted } = made;
  made = undefined;
  await leaveTestSwarm(docker, gatewayBridgeExisted);
}

/** Leaves the swarm and removes the gateway bridge it made (it outlives the swarm otherwise). */
export async function leaveTestSwarm(docker: DockerClient, keepGatewayBridge: boolean): Promise<void> {
  await docker.swarmLeave();
  if (!keepGatewayBridge) await docker.removeNetwork(GATEWAY_BRIDGE);
}
