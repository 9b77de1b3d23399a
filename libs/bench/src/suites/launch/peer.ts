import {
  PUBLISH_HOST_IP,
  ResolvedImage,
  ServiceSpec,
  waitUntilReady,
  type Readiness,
  type SandboxSpec,
} from '@lab/runtime';
import type Dockerode from 'dockerode';
import type { BoundPorts, StartedNetwork, StartedTestContainer, WaitStrategy } from 'testcontainers';

/**
 * testcontainers' wait strategy running the lab's own readiness probes (the same TCP + `SELECT 1`,
 * `PING`), so the peer and the lab wait for exactly the same thing.
 */
class LabProbeWaitStrategy implements WaitStrategy {
  private timeoutMs: number;
  private timeoutSet = false;

  constructor(private readonly readiness: Readiness) {
    this.timeoutMs = readiness.timeoutMs;
  }

  async waitUntilReady(_container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    await waitUntilReady({ ...this.readiness, timeoutMs: this.timeoutMs }, (port) => ({
      host: PUBLISH_HOST_IP,
      port: boundPorts.getBinding(port),
    }));
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}

/** What the peer started: its containers and, when it made one, its network. */
export interface PeerSandbox {
  containers: StartedTestContainer[];
  network?: StartedNetwork;
}

/**
 * The peer: the same services (same images, user, env, command, tmpfs) started with testcontainers
 * for Node, all at once as a test suite would, each ready by the lab's probes. testcontainers'
 * reaper (Ryuk) is off: its image is not on an offline machine, and the bench removes by label.
 *
 * `ownNetwork`: the containers join a network made for them first (testcontainers' `Network`, the
 * way its users let services reach each other by name), as every lab sandbox does (its isolation);
 * without it they are on the engine's default bridge, testcontainers' default.
 */
export async function startWithTestcontainers(
  spec: SandboxSpec,
  images: Map<string, ResolvedImage>,
  labels: Record<string, string>,
  { ownNetwork = false }: { ownNetwork?: boolean } = {},
): Promise<PeerSandbox> {
  const { GenericContainer, Network } = await import('testcontainers');
  const network = ownNetwork ? await new Network().start() : undefined;
  const start = (service: ServiceSpec) => {
    const image = images.get(service.image)!;
    let container = new GenericContainer(image.reference)
      .withUser(image.user)
      .withEnvironment({ ...image.env, ...service.env })
      .withTmpFs(image.tmpfs)
      .withExposedPorts(...service.ports)
      .withLabels(labels)
      .withWaitStrategy(new LabProbeWaitStrategy(service.readiness!));
    if (service.command) container = container.withCommand(service.command);
    if (network) container = container.withNetwork(network).withNetworkAliases(service.name);
    return container.start();
  };
  try {
    return { containers: await Promise.all(spec.services.map(start)), ...(network ? { network } : {}) };
  } catch (error) {
    await network?.stop().catch(() => undefined);
    throw error;
  }
}

/** Removes what startWithTestcontainers started (its network last: containers leave it first). */
export async function stopPeer(peer: PeerSandbox): Promise<void> {
  await Promise.all(peer.containers.map((container) => container.stop({ remove: true, removeVolumes: true })));
  await peer.network?.stop();
}
