// Public surface of @lab/runtime. Consumers depend on the port; only the composition root
// (an app or a test) constructs the Docker adapter.
export * from './sandbox-runtime.port';
export * from './errors';
export * from './labels';
export { serviceUrl } from './service-address';
export * from './sandbox-spec/sandbox-spec.schema';
export { validateSandboxSpec, validateSandboxId, startOrder } from './sandbox-spec/validate-sandbox-spec';
export { specHash } from './sandbox-spec/spec-hash';
export * from './images/image-resolver.port';
export {
  DockerClient,
  type DockerClientOptions,
  type DockerCallRecord,
  type EngineEvent,
  type ProgressEvent,
  type SwarmService,
  type SwarmTask,
  type SwarmState,
} from './docker/docker-client';
export { DockerSandboxRuntime } from './docker/docker-sandbox-runtime';
export { SwarmSandboxRuntime, type SwarmRuntimeOptions } from './swarm/swarm-sandbox-runtime';
export { buildServiceSpec, TMPFS_VOLUME_LABEL } from './swarm/service-options';
export {
  ensureSingleNodeSwarm,
  leaveSingleNodeSwarm,
  singleNodeSwarmAvailability,
  SINGLE_NODE_SWARM_POOL,
  TEMPORARY_SWARM_LABEL,
  type SwarmAvailability,
  type TemporarySwarm,
} from './swarm/single-node-swarm';
export { buildContainerOptions, PUBLISH_HOST_IP } from './docker/container-options';
export { BRIDGE_NAME_OPTION, BRIDGE_PREFIX, sandboxBridgeName } from './docker/network-options';
export {
  checkEgressPolicy,
  egressPolicyProblems,
  readFilterRules,
  EGRESS_CHAINS,
  type EgressPolicyCheck,
} from './docker/egress-policy';
export { waitUntilReady } from './readiness/wait-until-ready';
