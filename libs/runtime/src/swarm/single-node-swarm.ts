import { DockerClient } from '../docker/docker-client';

/**
 * A throw-away single-node swarm on an engine that is in none (tests, `npm run bench -- runtime
 * --runtime swarm`): made only when the engine is in no swarm, and then left as found (the swarm
 * left, the `docker_gwbridge` it made removed). An engine that is a manager already is used as it is.
 */

/**
 * Overlay subnets come from here, never from the sandboxes' bridge pool (10.213.0.0/16, set by
 * docker/engine.sh), so an overlay network can never take a bridge's addresses or the other way round.
 */
export const SINGLE_NODE_SWARM_POOL = '10.214.0.0/16';

/** Marks a swarm made by the lab's own tooling, so a reaper can tell it from an operator's. */
export const TEMPORARY_SWARM_LABEL = 'lab.temporary-swarm';

const GATEWAY_BRIDGE = 'docker_gwbridge';

export type SwarmAvailability = { usable: true } | { usable: false; why: string };

/** A swarm this process made; `leave` gives the engine back as it was. */
export interface TemporarySwarm {
  made: boolean;
  leave(): Promise<void>;
}

/** Whether the engine can host a single-node swarm: in no swarm (one is made) or a manager already. */
export async function singleNodeSwarmAvailability(docker: DockerClient): Promise<SwarmAvailability> {
  const { state, manager } = await docker.swarmState();
  if (state === 'inactive' || manager) return { usable: true };
  return { usable: false, why: `the engine is a swarm ${state === 'active' ? 'worker' : `node in state ${state}`}` };
}

export async function ensureSingleNodeSwarm(
  docker: DockerClient,
  labels: Record<string, string> = {},
): Promise<TemporarySwarm> {
  const { state, manager } = await docker.swarmState();
  if (state === 'active' && manager) return { made: false, leave: async () => undefined };
  if (state !== 'inactive') throw new Error(`the engine is in swarm state ${state} and not a manager`);
  const gatewayBridgeExisted = (await docker.inspectNetwork(GATEWAY_BRIDGE)) !== undefined;
  await docker.swarmInit({
    // Loopback: one node, no peer must reach it; the tasks' host-mode ports are then reported at
    // 127.0.0.1, where this host reaches them.
    advertiseAddr: '127.0.0.1',
    listenAddr: '127.0.0.1:2377',
    defaultAddrPool: [SINGLE_NODE_SWARM_POOL],
    subnetSize: 24,
    labels: { ...labels, [TEMPORARY_SWARM_LABEL]: 'true' },
  });
  return { made: true, leave: () => leaveSingleNodeSwarm(docker, gatewayBridgeExisted) };
}

/** Leaves the swarm and removes the gateway bridge it made (it outlives the swarm otherwise). */
export async function leaveSingleNodeSwarm(docker: DockerClient, keepGatewayBridge: boolean): Promise<void> {
  await docker.swarmLeave();
  if (!keepGatewayBridge) await docker.removeNetwork(GATEWAY_BRIDGE);
}
