import { Logger } from '@nestjs/common';
import { DockerCallError } from '../errors';
import { assertOwnedBy, exitedSummary, provisionStep, reportProgress } from '../provision-steps';
import { ImageResolver, ResolvedImage } from '../images/image-resolver.port';
import { LABEL, objectName, sandboxLabels } from '../labels';
import { waitUntilReady } from '../readiness/wait-until-ready';
import type { ProvisionedSandbox, ProvisionOptions, ServiceEndpoint } from '../sandbox-runtime.port';
import { SandboxSpec, ServiceSpec } from '../sandbox-spec/sandbox-spec.schema';
import { specHash } from '../sandbox-spec/spec-hash';
import { startOrder } from '../sandbox-spec/validate-sandbox-spec';
import { buildContainerOptions, PUBLISH_HOST_IP } from './container-options';
import { DockerClient, short } from './docker-client';
import { BRIDGE_NAME_OPTION, sandboxBridgeName } from './network-options';

interface ProvisionContext {
  sandboxId: string;
  spec: SandboxSpec;
  labels: Record<string, string>;
  networkName: string;
  images: Map<string, ResolvedImage>;
  options: ProvisionOptions;
}

/**
 * One use case: make a validated spec real. Creates what is missing and adopts what already
 * exists under the deterministic names, so a retry after a crash never duplicates. The caller
 * removes everything when this throws.
 */
export class SandboxProvisioner {
  private readonly logger = new Logger(SandboxProvisioner.name);

  constructor(
    private readonly docker: DockerClient,
    private readonly images: ImageResolver,
  ) {}

  async provision(sandboxId: string, spec: SandboxSpec, options: ProvisionOptions): Promise<ProvisionedSandbox> {
    const hash = specHash(spec);
    const context: ProvisionContext = {
      sandboxId,
      spec,
      labels: sandboxLabels({ sandboxId, example: spec.example, owner: spec.owner, specHash: hash }, options.labels),
      networkName: objectName.network(sandboxId),
      images: await this.resolveImages(sandboxId, spec),
      options,
    };
    await provisionStep(sandboxId, undefined, 'network', () => this.ensureNetwork(context));

    // Every container is created (or adopted) up front, all at once: creating runs nothing, so a
    // service that waits for its dependencies to be ready only has to be started when they are.
    const containers = new Map(spec.services.map((service) => [service.name, this.ensureContainer(context, service)]));
    // Settled in any case before this returns or throws: the caller removes what exists, so no
    // create may still be under way then.
    for (const pending of containers.values()) pending.catch(() => undefined);
    const endpoints: ServiceEndpoint[] = [];
    let adopted = true;
    try {
      for (const wave of startOrder(spec.services)) {
        const results = await Promise.all(
          wave.map(async (service) => this.startService(context, service, await containers.get(service.name)!)),
        );
        for (const result of results) {
          endpoints.push(result.endpoint);
          adopted &&= result.adopted;
        }
      }
    } catch (error) {
      await Promise.allSettled(containers.values());
      throw error;
    }
    return { id: sandboxId, services: endpoints, adopted };
  }

  private async resolveImages(sandboxId: string, spec: SandboxSpec): Promise<Map<string, ResolvedImage>> {
    const keys = [...new Set(spec.services.map((s) => s.image))];
    const resolved = await Promise.all(
      keys.map((key) => provisionStep(sandboxId, undefined, 'image', () => this.images.resolve(key))),
    );
    return new Map(resolved.map((image) => [image.key, image]));
  }

  private async ensureNetwork(context: ProvisionContext): Promise<void> {
    const { networkName, sandboxId } = context;
    // The bridge's name is what the host's network policy (docker/egress.sh) matches on.
    const bridgeName = sandboxBridgeName(sandboxId, context.spec.egress);
    // Created first, looked at only when it exists already (a retry after a crash, or another
    // attempt at the same time): the engine refuses a second network of that name (409), so a
    // launch spends no call on a check that nearly always finds nothing.
    if (
      await this.createUnlessExists(() =>
        this.docker.createNetwork(networkName, context.labels, { [BRIDGE_NAME_OPTION]: bridgeName }),
      )
    ) {
      reportProgress(context, undefined, 'network', `network ${networkName} created`);
      return;
    }
    const existing = await this.docker.inspectNetwork(networkName);
    if (!existing) throw new Error(`network ${networkName} was refused as existing, then not found`);
    assertOwnedBy(existing.labels, sandboxId, `network ${networkName}`);
    const actual = existing.options[BRIDGE_NAME_OPTION];
    if (actual !== bridgeName) {
      throw new Error(
        `network ${networkName} has bridge ${actual ?? '(unnamed)'}, not ${bridgeName}: the network policy would not apply; refusing to adopt it`,
      );
    }
  }

  /**
   * The service's container, created (not started), or adopted when one of this spec exists under
   * its name. Created first, as the network is: the engine refuses a name in use (409), and only
   * then is the existing container looked at.
   */
  private async ensureContainer(
    context: ProvisionContext,
    service: ServiceSpec,
  ): Promise<{ id: string; adopted: boolean }> {
    const { sandboxId } = context;
    const image = context.images.get(service.image)!;
    const name = objectName.container(sandboxId, service.name);
    const labels = {
      ...context.labels,
      [LABEL.service]: service.name,
      ...(service.startOnFirstUse ? { [LABEL.startOnFirstUse]: 'true' } : {}),
    };
    const create = () =>
      provisionStep(sandboxId, service.name, 'create', async () => {
        for (const volume of service.volumes) {
          await this.docker.createVolume(objectName.volume(sandboxId, service.name, volume.source), labels);
        }
        const options = buildContainerOptions({ sandboxId, service, image, networkName: context.networkName, labels });
        return this.createUnlessExists(() => this.docker.createContainer(options));
      });

    let id = await create();
    if (!id) {
      const existing = await provisionStep(sandboxId, service.name, 'create', () =>
        this.adoptableContainer(context, name),
      );
      if (existing) {
        reportProgress(context, service.name, 'adopt', `adopting container ${short(existing)}`);
        return { id: existing, adopted: true };
      }
      // The one that was there is gone (replaced: another spec, or beyond saving).
      id = await create();
      if (!id) throw new Error(`container ${name} was removed to be replaced, and is there again`);
    }
    reportProgress(context, service.name, 'create', `container ${short(id)} created from ${image.reference}`);
    return { id, adopted: false };
  }

  /** What `create` returns, or undefined when the engine says the name is taken (409). */
  private async createUnlessExists(create: () => Promise<string>): Promise<string | undefined> {
    try {
      return await create();
    } catch (error) {
      if (error instanceof DockerCallError && error.statusCode === 409) return undefined;
      throw error;
    }
  }

  private async startService(
    context: ProvisionContext,
    service: ServiceSpec,
    { id, adopted }: { id: string; adopted: boolean },
  ) {
    const { sandboxId } = context;
    if (service.startOnFirstUse) {
      // Left created: the first shell or exec in it starts it (DockerSandboxRuntime.usableContainer).
      reportProgress(context, service.name, 'ready', `${service.name} starts when first used`);
      return { adopted, endpoint: { name: service.name, containerId: id, host: PUBLISH_HOST_IP, ports: {} } };
    }

    await provisionStep(sandboxId, service.name, 'start', () => this.docker.startContainer(id));
    const ports = await provisionStep(sandboxId, service.name, 'inspect', () => this.publishedPorts(id, service));

    if (service.readiness) {
      reportProgress(
        context,
        service.name,
        'readiness',
        `waiting for ${service.readiness.probes.map((p) => p.kind).join(' + ')}`,
      );
      const started = Date.now();
      await provisionStep(sandboxId, service.name, 'readiness', () =>
        waitUntilReady(service.readiness!, (port) => ({ host: PUBLISH_HOST_IP, port: ports[port]! }), {
          stillRunning: () => this.exitReason(id),
        }),
      );
      this.logger.log(`sandbox ${sandboxId}: ${service.name} (${short(id)}) ready in ${Date.now() - started} ms`);
    }
    reportProgress(context, service.name, 'ready', `${service.name} is ready`);
    return { adopted, endpoint: { name: service.name, containerId: id, host: PUBLISH_HOST_IP, ports } };
  }

  /** The id of a container to adopt, or undefined when one must be created. */
  private async adoptableContainer(context: ProvisionContext, name: string): Promise<string | undefined> {
    const existing = await this.docker.inspectContainer(name);
    if (!existing) return undefined;
    assertOwnedBy(existing.Config.Labels ?? {}, context.sandboxId, `container ${name}`);
    const sameSpec = existing.Config.Labels?.[LABEL.specHash] === context.labels[LABEL.specHash];
    const usable = !['dead', 'removing'].includes(existing.State.Status);
    if (sameSpec && usable) return existing.Id;
    // The spec changed (or the container is beyond saving): replace it rather than adopt it.
    await this.docker.removeContainer(existing.Id);
    return undefined;
  }

  private async publishedPorts(containerId: string, service: ServiceSpec): Promise<Record<number, number>> {
    const info = await this.docker.inspectContainer(containerId);
    if (!info) throw new Error('the container disappeared after it was started');
    const ports: Record<number, number> = {};
    for (const port of service.ports) {
      const binding = info.NetworkSettings.Ports?.[`${port}/tcp`]?.find((b) => b.HostIp === PUBLISH_HOST_IP);
      if (!binding) throw new Error(`port ${port} was not published on ${PUBLISH_HOST_IP}`);
      ports[port] = Number(binding.HostPort);
    }
    return ports;
  }

  private async exitReason(containerId: string): Promise<string | undefined> {
    const info = await this.docker.inspectContainer(containerId);
    if (!info) return 'the container was removed';
    if (info.State.Running) return undefined;
    return exitedSummary(info.State.ExitCode, this.docker.logs(containerId, 3));
  }
}
