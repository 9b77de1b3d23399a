import {
  PUBLISH_HOST_IP,
  ResolvedImage,
  ServiceSpec,
  waitUntilReady,
  type Readiness,
  type SandboxSpec,
} from '@lab/runtime';
import type Dockerode from 'dockerode';
import type { BoundPorts, StartedTestContainer, WaitStrategy } from 'testcontainers';

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

/**
 * The peer: the same services (same images, user, env, command, tmpfs) started with testcontainers
 * for Node, all at once as a test suite would, each ready by the lab's probes. testcontainers'
 * reaper (Ryuk) is off: its image is not on an offline machine, and the bench removes by label.
 */
export async function startWithTestcontainers(
  spec: SandboxSpec,
  images: Map<string, ResolvedImage>,
  labels: Record<string, string>,
): Promise<StartedTestContainer[]> {
  const { GenericContainer } = await import('testcontainers');
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
    return container.start();
  };
  return Promise.all(spec.services.map(start));
}
