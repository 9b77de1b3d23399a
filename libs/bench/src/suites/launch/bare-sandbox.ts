import { KitImageResolver } from '@lab/image-kit';
import {
  BRIDGE_NAME_OPTION,
  buildContainerOptions,
  DockerClient,
  LABEL,
  objectName,
  PUBLISH_HOST_IP,
  ResolvedImage,
  sandboxBridgeName,
  sandboxLabels,
  SandboxSpec,
  ServiceSpec,
  startOrder,
  waitUntilReady,
} from '@lab/runtime';

/**
 * A process that does no app work: it answers 200 on every port the service publishes, so the
 * service's own readiness probe (e.g. `GET /health`) passes as soon as Node has started.
 */
export function idleServerCommand(ports: readonly number[]): string[] {
  const listen = ports.map((port) => `s.listen(${port});`).join('');
  return ['node', '-e', `const s=require('http').createServer((q,r)=>r.end('ok'));${listen}`];
}

/** The spec with each app service (image from the kit's `apps:`) replaced by an idle server. */
export function withoutAppWork(spec: SandboxSpec, appImageKeys: ReadonlySet<string>): SandboxSpec {
  return {
    ...spec,
    services: spec.services.map((service) =>
      appImageKeys.has(service.image) ? { ...service, command: idleServerCommand(service.ports) } : service,
    ),
  };
}

/**
 * The floor of a launch: the same network and the same hardened containers (same create options,
 * same start order; a service started on first use only created) made with bare engine calls, each
 * ready by its own probes. No control plane,
 * no adoption checks, no bookkeeping.
 */
export async function provisionWithBareCalls(
  docker: DockerClient,
  images: KitImageResolver,
  sandboxId: string,
  spec: SandboxSpec,
  labels: Record<string, string>,
): Promise<void> {
  const engine = docker.raw;
  const resolved = new Map<string, ResolvedImage>();
  for (const key of new Set(spec.services.map((s) => s.image))) resolved.set(key, await images.resolve(key));
  const allLabels = {
    ...sandboxLabels({ sandboxId, example: spec.example, owner: spec.owner, specHash: 'floor' }),
    ...labels,
  };
  const networkName = objectName.network(sandboxId);
  await engine.createNetwork({
    Name: networkName,
    Driver: 'bridge',
    Labels: allLabels,
    Options: { [BRIDGE_NAME_OPTION]: sandboxBridgeName(sandboxId, spec.egress) },
  });
  const start = async (service: ServiceSpec) => {
    const options = buildContainerOptions({
      sandboxId,
      service,
      image: resolved.get(service.image)!,
      networkName,
      labels: { ...allLabels, [LABEL.service]: service.name },
    });
    const container = await engine.createContainer(options);
    // Made but not started, as the product does (the terminal's toolbox starts on first use).
    if (service.startOnFirstUse) return;
    await container.start();
    if (!service.readiness) return;
    const info = await container.inspect();
    const portOf = (port: number) => Number(info.NetworkSettings.Ports[`${port}/tcp`]![0]!.HostPort);
    await waitUntilReady(service.readiness, (port) => ({ host: PUBLISH_HOST_IP, port: portOf(port) }));
  };
  for (const wave of startOrder(spec.services)) await Promise.all(wave.map(start));
}
