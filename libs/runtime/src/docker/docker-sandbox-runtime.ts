import { Logger } from '@nestjs/common';
import { reasonOf } from '../errors';
import { provisionOrRemove } from '../provision-steps';
import { ImageResolver } from '../images/image-resolver.port';
import { LABEL, objectName } from '../labels';
import type {
  ExecResult,
  LogLine,
  LogOptions,
  ProvisionedSandbox,
  ProvisionOptions,
  RecordedSandbox,
  SandboxEvent,
  SandboxRuntime,
  SandboxStatus,
  ServiceAddress,
  ShellOptions,
  ShellSession,
} from '../sandbox-runtime.port';
import { SandboxSpecInput } from '../sandbox-spec/sandbox-spec.schema';
import { validateSandboxId, validateSandboxSpec } from '../sandbox-spec/validate-sandbox-spec';
import { PUBLISH_HOST_IP } from './container-options';
import { DockerClient, short } from './docker-client';
import { SandboxProvisioner } from './provision-sandbox';
import { groupBySandbox } from './sandbox-status';
import { openShell } from './tty-shell';

/**
 * How long `ping` waits by default: a health check must answer quickly while the engine restarts
 * (a starting dockerd accepts connections before it answers them).
 */
export const DEFAULT_PING_TIMEOUT_MS = 2_000;

/** The Docker adapter of the SandboxRuntime port: one bridge network and N containers per sandbox. */
export class DockerSandboxRuntime implements SandboxRuntime {
  private readonly logger = new Logger(DockerSandboxRuntime.name);
  private readonly provisioner: SandboxProvisioner;

  constructor(
    private readonly docker: DockerClient,
    private readonly images: ImageResolver,
  ) {
    this.provisioner = new SandboxProvisioner(docker, images);
  }

  async provision(id: string, input: SandboxSpecInput, options: ProvisionOptions = {}): Promise<ProvisionedSandbox> {
    // Everything is checked before the first Docker call.
    const sandboxId = validateSandboxId(id);
    const spec = validateSandboxSpec(input, this.images.allowedKeys());
    return provisionOrRemove(
      sandboxId,
      () => this.provisioner.provision(sandboxId, spec, options),
      () => this.destroy(sandboxId),
      this.logger,
    );
  }

  async inspect(id: string): Promise<SandboxStatus | undefined> {
    const [status] = await this.list({ [LABEL.sandbox]: validateSandboxId(id) });
    return status;
  }

  async list(filter: Record<string, string> = {}): Promise<SandboxStatus[]> {
    const labels = { ...filter, [LABEL.managed]: 'true' };
    const [containers, networks] = await Promise.all([
      this.docker.listContainers(labels),
      this.docker.listNetworks(labels),
    ]);
    return groupBySandbox(containers, networks);
  }

  async *logs(id: string, service: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const containerId = await this.containerOf(id, service);
    if (options.follow) {
      yield* this.docker.followLogs(containerId, { tail: options.tail, signal: options.signal });
    } else {
      yield* await this.docker.logs(containerId, options.tail ?? 100);
    }
  }

  async exec(
    id: string,
    service: string,
    command: string[],
    options: { timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    return this.docker.exec(await this.usableContainer(id, service), command, options);
  }

  async attachShell(id: string, service: string, options: ShellOptions): Promise<ShellSession> {
    return openShell(
      this.docker,
      () => this.usableContainer(id, service),
      options,
      (error) => this.logger.warn(`sandbox ${id}: could not end a closed shell in ${service}: ${reasonOf(error)}`),
    );
  }

  async stop(id: string): Promise<void> {
    const containers = await this.docker.listContainers(
      { [LABEL.managed]: 'true', [LABEL.sandbox]: validateSandboxId(id) },
      false,
    );
    await Promise.all(containers.map((c) => this.docker.stopContainer(c.Id)));
  }

  async destroy(id: string): Promise<void> {
    const filter = { [LABEL.managed]: 'true', [LABEL.sandbox]: validateSandboxId(id) };
    const containers = await this.docker.listContainers(filter);
    await Promise.all(containers.map((c) => this.docker.removeContainer(c.Id)));
    // Volumes and the network can only go once no container uses them.
    const [networks, volumes] = await Promise.all([this.docker.listNetworks(filter), this.docker.listVolumes(filter)]);
    await Promise.all([
      ...networks.map((n) => this.docker.removeNetwork(n.id)),
      ...volumes.map((v) => this.docker.removeVolume(v.name)),
    ]);
    if (containers.length > 0) {
      this.logger.log(`sandbox ${id}: removed ${containers.map((c) => short(c.Id)).join(', ')}`);
    }
  }

  async *events(options: { signal?: AbortSignal } = {}): AsyncIterable<SandboxEvent> {
    for await (const event of this.docker.events({ [LABEL.managed]: 'true' }, options)) {
      const sandboxId = event.labels[LABEL.sandbox];
      if (!sandboxId) continue;
      const service = event.labels[LABEL.service];
      yield { sandboxId, object: event.type, action: event.action, ...(service ? { service } : {}) };
    }
  }

  /** Docker publishes every port on the loopback of the engine's host; the recorded host port is the address. */
  endpoint(sandbox: RecordedSandbox, service: string, containerPort: number): ServiceAddress | undefined {
    const recorded = sandbox.endpoints?.find((candidate) => candidate.name === service);
    const port = recorded?.ports[String(containerPort)];
    if (!recorded || port === undefined) return undefined;
    return { host: recorded.host ?? PUBLISH_HOST_IP, port };
  }

  async ping(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.docker.ping(options.timeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
  }

  private async containerOf(id: string, service: string): Promise<string> {
    return (await this.inspectService(id, service)).Id;
  }

  /**
   * The container to run a command in: a service started on first use is started now when it is
   * still only created (starting one that already runs is a no-op, so two first shells at once
   * are fine). Any other state is left as it is: the engine's refusal says why.
   */
  private async usableContainer(id: string, service: string): Promise<string> {
    const info = await this.inspectService(id, service);
    if (info.Config.Labels?.[LABEL.startOnFirstUse] === 'true' && info.State.Status === 'created') {
      await this.docker.startContainer(info.Id);
      this.logger.log(`sandbox ${id}: ${service} (${short(info.Id)}) started on first use`);
    }
    return info.Id;
  }

  private async inspectService(id: string, service: string) {
    const name = objectName.container(validateSandboxId(id), service);
    const info = await this.docker.inspectContainer(name);
    if (!info || info.Config.Labels?.[LABEL.sandbox] !== id) {
      throw new Error(`sandbox ${id} has no service "${service}"`);
    }
    return info;
  }
}
