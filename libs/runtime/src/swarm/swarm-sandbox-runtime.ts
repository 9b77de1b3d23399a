import { Logger } from '@nestjs/common';
import { DockerCallError, reasonOf } from '../errors';
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
import { DockerClient, short, SwarmService, SwarmTask } from '../docker/docker-client';
import { DEFAULT_PING_TIMEOUT_MS } from '../docker/docker-sandbox-runtime';
import { openShell } from '../docker/tty-shell';
import { SwarmSandboxProvisioner } from './provision-swarm-sandbox';
import { currentTask, groupServices } from './swarm-status';

export interface SwarmRuntimeOptions {
  /** Placement constraints every sandbox service gets (e.g. `node.labels.lab==sandboxes`). */
  constraints?: readonly string[];
  /** How long stop and destroy wait for tasks to end and their objects to be free. */
  settleTimeoutMs?: number;
}

/** How long a node's address is trusted before it is asked again (nodes rarely change address). */
const NODE_ADDRESS_TTL_MS = 60_000;

/**
 * The Swarm adapter of the SandboxRuntime port: per sandbox one attachable overlay network and one
 * service (one replica, no restart) per container, ports published in host mode on the task's
 * node. It talks to a manager's engine; exec and terminals reach tasks on that manager's own node
 * (README of libs/runtime, "Swarm").
 */
/** How long a container's `die` event waits for the manager to record its task's end. */
const TASK_STATE_WAIT_MS = 10_000;

export class SwarmSandboxRuntime implements SandboxRuntime {
  private readonly logger = new Logger(SwarmSandboxRuntime.name);
  private readonly provisioner: SwarmSandboxProvisioner;
  private readonly settleTimeoutMs: number;
  private readonly nodeAddresses = new Map<string, { addr: string; hostname: string; at: number }>();

  constructor(
    private readonly docker: DockerClient,
    private readonly images: ImageResolver,
    options: SwarmRuntimeOptions = {},
  ) {
    this.settleTimeoutMs = options.settleTimeoutMs ?? 60_000;
    this.provisioner = new SwarmSandboxProvisioner(
      docker,
      images,
      { constraints: options.constraints ?? [] },
      async (nodeId) => (await this.node(nodeId)).addr,
    );
  }

  async provision(id: string, input: SandboxSpecInput, options: ProvisionOptions = {}): Promise<ProvisionedSandbox> {
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
    const [services, networks, tasks] = await Promise.all([
      this.docker.listServices(labels),
      this.docker.listNetworks(labels),
      this.docker.listTasksByLabel(labels),
    ]);
    const running = tasks.filter((t) => t.Status.State === 'running' && t.NodeID);
    const nodes = new Map<string, string>();
    for (const nodeId of new Set(running.map((t) => t.NodeID!))) nodes.set(nodeId, (await this.node(nodeId)).addr);
    return groupServices(services, tasks, networks, (task) => (task?.NodeID ? nodes.get(task.NodeID) : undefined));
  }

  /** Read through the manager, so a task on any node is reached. */
  async *logs(id: string, service: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const { ID } = await this.serviceOf(id, service);
    if (options.follow) {
      yield* this.docker.followServiceLogs(ID, { tail: options.tail, signal: options.signal });
    } else {
      yield* await this.docker.serviceLogs(ID, options.tail ?? 100);
    }
  }

  async exec(
    id: string,
    service: string,
    command: string[],
    options: { timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    return this.docker.exec(await this.localContainerOf(id, service), command, options);
  }

  async attachShell(id: string, service: string, options: ShellOptions): Promise<ShellSession> {
    return openShell(
      this.docker,
      () => this.localContainerOf(id, service),
      options,
      (error) => this.logger.warn(`sandbox ${id}: could not end a closed shell in ${service}: ${reasonOf(error)}`),
    );
  }

  /** Scales every service to no replica (its volumes stay on the node); `provision` scales back. */
  async stop(id: string): Promise<void> {
    const services = await this.servicesOf(validateSandboxId(id));
    for (const service of services) {
      if (service.Spec.Mode?.Replicated?.Replicas === 0) continue;
      await this.docker.updateService(service.ID, service.Version.Index, {
        ...service.Spec,
        Mode: { Replicated: { Replicas: 0 } },
      });
    }
    // Done once the orchestrator has removed the tasks of the emptied slot: a scale-up racing that
    // removal can be left with no task at all.
    await this.settle(`sandbox ${id}: tasks still running`, async () => {
      const tasks = await this.docker.listTasks(services.map((s) => s.ID));
      return tasks.length === 0;
    });
  }

  async destroy(id: string): Promise<void> {
    const sandboxId = validateSandboxId(id);
    const filter = { [LABEL.managed]: 'true', [LABEL.sandbox]: sandboxId };
    const services = await this.docker.listServices(filter);
    await Promise.all(services.map((s) => this.docker.removeService(s.ID)));
    // The node would stop each task with SIGTERM and a grace period (≈6 s measured per sandbox);
    // nothing of a removed sandbox is worth a clean shutdown, so this node's containers go at once.
    const local = await this.docker.listContainers(filter);
    await Promise.all(local.map((c) => this.docker.removeContainer(c.Id)));
    // The network and the volumes are free once the tasks' containers are gone (on this node; on
    // other nodes the manager frees the network once their tasks are removed).
    await this.settle(`sandbox ${id}: containers of removed services still exist`, async () => {
      const containers = await this.docker.listContainers(filter);
      return containers.length === 0;
    });
    // Done once the listing is empty: an overlay network the swarm has removed is still listed by
    // this engine for a moment.
    await this.settle(`sandbox ${id}: network still in use`, async () => {
      const networks = await this.docker.listNetworks(filter);
      await Promise.all(networks.map((n) => this.removeIfFree(() => this.docker.removeNetwork(n.id))));
      return networks.length === 0;
    });
    await this.settle(`sandbox ${id}: volumes still in use`, async () => {
      const volumes = await this.docker.listVolumes(filter);
      await Promise.all(volumes.map((v) => this.removeIfFree(() => this.docker.removeVolume(v.name))));
      return volumes.length === 0;
    });
    if (services.length > 0) {
      this.logger.log(`sandbox ${id}: removed services ${services.map((s) => short(s.ID)).join(', ')}`);
    }
  }

  /**
   * Container events of this node's tasks (their containers carry the lab labels). Tasks on other
   * nodes are not seen here: the reconciler's periodic listing covers them.
   */
  async *events(options: { signal?: AbortSignal } = {}): AsyncIterable<SandboxEvent> {
    for await (const event of this.docker.events({ [LABEL.managed]: 'true' }, options)) {
      const sandboxId = event.labels[LABEL.sandbox];
      if (!sandboxId) continue;
      // The container's `die` comes before the manager marks its task failed: a reconcile pass
      // woken by the event at once would still read the task as running, and none would follow.
      if (event.action === 'die') await this.taskEnded(sandboxId, event.id);
      const service = event.labels[LABEL.service];
      yield { sandboxId, object: event.type, action: event.action, ...(service ? { service } : {}) };
    }
  }

  /** Waits (at most TASK_STATE_WAIT_MS) until the manager no longer reports the container's task running. */
  private async taskEnded(sandboxId: string, containerId: string): Promise<void> {
    const deadline = Date.now() + TASK_STATE_WAIT_MS;
    while (Date.now() < deadline) {
      const tasks = await this.docker.listTasksByLabel({ [LABEL.sandbox]: sandboxId }).catch(() => []);
      const task = tasks.find((candidate) => candidate.Status.ContainerStatus?.ContainerID === containerId);
      if (!task || task.Status.State !== 'running') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The node's address and the host-mode port, both as recorded when the task became ready. */
  endpoint(sandbox: RecordedSandbox, service: string, containerPort: number): ServiceAddress | undefined {
    const recorded = sandbox.endpoints?.find((candidate) => candidate.name === service);
    const port = recorded?.ports[String(containerPort)];
    if (!recorded?.host || port === undefined) return undefined;
    return { host: recorded.host, port };
  }

  async ping(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.docker.ping(options.timeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
  }

  private async node(nodeId: string): Promise<{ addr: string; hostname: string }> {
    const cached = this.nodeAddresses.get(nodeId);
    if (cached && Date.now() - cached.at < NODE_ADDRESS_TTL_MS) return cached;
    const found = await this.docker.nodeAddress(nodeId);
    if (!found?.addr) throw new Error(`swarm node ${nodeId} has no address`);
    this.nodeAddresses.set(nodeId, { ...found, at: Date.now() });
    return found;
  }

  private servicesOf(sandboxId: string): Promise<SwarmService[]> {
    return this.docker.listServices({ [LABEL.managed]: 'true', [LABEL.sandbox]: sandboxId });
  }

  private async serviceOf(id: string, service: string): Promise<SwarmService> {
    const name = objectName.container(validateSandboxId(id), service);
    const info = await this.docker.inspectService(name);
    if (!info || info.Spec.Labels?.[LABEL.sandbox] !== id) {
      throw new Error(`sandbox ${id} has no service "${service}"`);
    }
    return info;
  }

  /** The container of the service's running task, which must run on the node this engine is. */
  private async localContainerOf(id: string, service: string): Promise<string> {
    const info = await this.serviceOf(id, service);
    const task: SwarmTask | undefined = currentTask(await this.docker.listTasks([info.ID]));
    const containerId = task?.Status.ContainerStatus?.ContainerID;
    if (!task || task.Status.State !== 'running' || !containerId) {
      throw new Error(`service "${service}" of sandbox ${id} is not running`);
    }
    const { nodeId } = await this.docker.swarmState();
    if (task.NodeID !== nodeId) {
      const { hostname } = await this.node(task.NodeID ?? '');
      throw new Error(
        `service "${service}" of sandbox ${id} runs on node ${hostname}: commands and terminals reach only tasks on the manager's own node`,
      );
    }
    return containerId;
  }

  /** True once removed (or already gone); false while the engine says it is still in use. */
  private async removeIfFree(remove: () => Promise<void>): Promise<boolean> {
    try {
      await remove();
      return true;
    } catch (error) {
      if (error instanceof DockerCallError && error.statusCode !== undefined) return false;
      throw error;
    }
  }

  private async settle(what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.settleTimeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${what} after ${this.settleTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
