import { Logger } from '@nestjs/common';
import { DockerCallError, ProvisionError } from '../errors';
import { assertOwnedBy, exitedSummary, provisionStep, reportProgress } from '../provision-steps';
import { ImageResolver, ResolvedImage } from '../images/image-resolver.port';
import { LABEL, objectName, sandboxLabels } from '../labels';
import { waitUntilReady } from '../readiness/wait-until-ready';
import type { ProvisionedSandbox, ProvisionOptions, ServiceEndpoint } from '../sandbox-runtime.port';
import { SandboxSpec, ServiceSpec } from '../sandbox-spec/sandbox-spec.schema';
import { specHash } from '../sandbox-spec/spec-hash';
import { startOrder } from '../sandbox-spec/validate-sandbox-spec';
import { DockerClient, short, SwarmService, SwarmTask } from '../docker/docker-client';
import { buildServiceSpec } from './service-options';
import { currentTask, taskPorts } from './swarm-status';

/** Task states after which a task never runs again (restart policy `none`). */
export const FINAL_TASK_STATES = new Set(['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove']);

/**
 * How long a task may take to be scheduled and started (an image pull on a node included); the
 * spec's readiness budget starts once it runs, as on plain Docker.
 */
const START_BUDGET_MS = 120_000;

interface ProvisionContext {
  sandboxId: string;
  spec: SandboxSpec;
  labels: Record<string, string>;
  networkId: string;
  images: Map<string, ResolvedImage>;
  options: ProvisionOptions;
}

export interface SwarmPlacement {
  constraints: readonly string[];
}

/**
 * Makes a validated spec real on a swarm: one overlay network and one service per container.
 * Adopts services that exist under the deterministic names with the same spec (scaling a stopped
 * one back to a replica); the caller removes everything when this throws.
 */
export class SwarmSandboxProvisioner {
  private readonly logger = new Logger(SwarmSandboxProvisioner.name);

  constructor(
    private readonly docker: DockerClient,
    private readonly images: ImageResolver,
    private readonly placement: SwarmPlacement,
    private readonly nodeAddress: (nodeId: string) => Promise<string>,
  ) {}

  async provision(sandboxId: string, spec: SandboxSpec, options: ProvisionOptions): Promise<ProvisionedSandbox> {
    const hash = specHash(spec);
    const labels = sandboxLabels(
      { sandboxId, example: spec.example, owner: spec.owner, specHash: hash },
      options.labels,
    );
    const images = await this.resolveImages(sandboxId, spec);
    const networkId = await provisionStep(sandboxId, undefined, 'network', () =>
      this.ensureNetwork(sandboxId, labels, options),
    );
    const context: ProvisionContext = { sandboxId, spec, labels, networkId, images, options };

    const endpoints: ServiceEndpoint[] = [];
    let adopted = true;
    for (const wave of startOrder(spec.services)) {
      const results = await Promise.all(wave.map((service) => this.ensureService(context, service)));
      for (const result of results) {
        endpoints.push(result.endpoint);
        adopted &&= result.adopted;
      }
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

  private async ensureNetwork(
    sandboxId: string,
    labels: Record<string, string>,
    options: ProvisionOptions,
  ): Promise<string> {
    const name = objectName.network(sandboxId);
    const existing = await this.docker.inspectNetwork(name);
    if (existing) {
      assertOwnedBy(existing.labels, sandboxId, `network ${name}`);
      return existing.id;
    }
    try {
      const id = await this.docker.createOverlayNetwork(name, labels);
      options.onProgress?.({ sandboxId, step: 'network', message: `overlay network ${name} created` });
      return id;
    } catch (error) {
      // Another attempt created it between our inspect and create: adopt it.
      if (!(error instanceof DockerCallError && error.statusCode === 409)) throw error;
      const raced = await this.docker.inspectNetwork(name);
      if (!raced) throw error;
      return raced.id;
    }
  }

  private async ensureService(context: ProvisionContext, service: ServiceSpec) {
    const { sandboxId } = context;
    const name = objectName.container(sandboxId, service.name);
    const labels = { ...context.labels, [LABEL.service]: service.name };

    const existing = await provisionStep(sandboxId, service.name, 'create', () => this.adoptable(context, name));
    let serviceId: string;
    if (existing) {
      serviceId = existing.ID;
      reportProgress(context, service.name, 'adopt', `adopting service ${short(serviceId)}`);
      await provisionStep(sandboxId, service.name, 'start', () => this.resume(existing));
    } else {
      const plan = buildServiceSpec({
        sandboxId,
        service,
        image: context.images.get(service.image)!,
        networkId: context.networkId,
        labels,
        constraints: this.placement.constraints,
      });
      serviceId = await provisionStep(sandboxId, service.name, 'create', () => this.docker.createService(plan));
      reportProgress(context, service.name, 'create', `service ${short(serviceId)} created`);
    }

    const task = await provisionStep(sandboxId, service.name, 'start', () =>
      this.runningTask(sandboxId, service.name, serviceId, START_BUDGET_MS),
    );
    const host = await provisionStep(sandboxId, service.name, 'inspect', () => this.nodeAddress(task.NodeID ?? ''));
    const ports = taskPorts(task);
    const unpublished = service.ports.filter((port) => ports[port] === undefined);
    if (unpublished.length > 0) {
      throw new ProvisionError(sandboxId, service.name, 'inspect', `port ${unpublished.join(', ')} was not published`);
    }
    reportProgress(context, service.name, 'start', `task ${short(task.ID)} runs on ${host}`);

    if (service.readiness) {
      const readiness = service.readiness;
      reportProgress(
        context,
        service.name,
        'readiness',
        `waiting for ${readiness.probes.map((p) => p.kind).join(' + ')}`,
      );
      const started = Date.now();
      await provisionStep(sandboxId, service.name, 'readiness', () =>
        waitUntilReady(readiness, (port) => ({ host, port: ports[port]! }), {
          stillRunning: () => this.exitReason(serviceId),
        }),
      );
      this.logger.log(
        `sandbox ${sandboxId}: ${service.name} (${short(serviceId)}) ready in ${Date.now() - started} ms`,
      );
    }
    reportProgress(context, service.name, 'ready', `${service.name} is ready`);
    return { adopted: existing !== undefined, endpoint: { name: service.name, containerId: serviceId, host, ports } };
  }

  /** The service to adopt, or undefined when one must be created (a changed spec is replaced). */
  private async adoptable(context: ProvisionContext, name: string): Promise<SwarmService | undefined> {
    const existing = await this.docker.inspectService(name);
    if (!existing) return undefined;
    assertOwnedBy(existing.Spec.Labels ?? {}, context.sandboxId, `service ${name}`);
    if (existing.Spec.Labels?.[LABEL.specHash] === context.labels[LABEL.specHash]) return existing;
    await this.docker.removeService(existing.ID);
    return undefined;
  }

  /** A stopped service (no replica) or one whose task ended gets one running task again. */
  private async resume(service: SwarmService): Promise<void> {
    const task = currentTask(await this.docker.listTasks([service.ID]));
    const scaledDown = service.Spec.Mode?.Replicated?.Replicas === 0;
    const ended = task !== undefined && FINAL_TASK_STATES.has(task.Status.State);
    if (!scaledDown && !ended) return;
    const template = service.Spec.TaskTemplate ?? {};
    await this.docker.updateService(service.ID, service.Version.Index, {
      ...service.Spec,
      Mode: { Replicated: { Replicas: 1 } },
      // A replica that ended is only replaced when the task template changes: bump its counter.
      TaskTemplate: { ...template, ForceUpdate: (template.ForceUpdate ?? 0) + (ended && !scaledDown ? 1 : 0) },
    });
  }

  /** Polls until the service's current task runs; fails at once when it ended or was rejected. */
  private async runningTask(sandboxId: string, name: string, serviceId: string, budgetMs: number): Promise<SwarmTask> {
    const deadline = Date.now() + budgetMs;
    let last: SwarmTask | undefined;
    for (;;) {
      const tasks = (await this.docker.listTasks([serviceId])).filter((t) => t.DesiredState === 'running');
      last = currentTask(tasks);
      if (last?.Status.State === 'running') return last;
      if (last && FINAL_TASK_STATES.has(last.Status.State)) {
        // A container that started and exited failed its readiness, as on plain Docker; a task
        // the node refused never started.
        const step = last.Status.State === 'rejected' ? 'start' : 'readiness';
        const reason = (await this.exitReason(serviceId)) ?? `the task ended (${last.Status.State})`;
        throw new ProvisionError(sandboxId, name, step, reason);
      }
      if (Date.now() > deadline) {
        const where = last ? `${last.Status.State}${last.Status.Err ? `: ${last.Status.Err}` : ''}` : 'no task yet';
        throw new Error(`no running task within ${budgetMs} ms (${where})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Why the service's task no longer runs (with its last lines), or undefined while it runs. */
  private async exitReason(serviceId: string): Promise<string | undefined> {
    const task = currentTask(await this.docker.listTasks([serviceId]));
    if (!task) return 'the service has no task';
    if (!FINAL_TASK_STATES.has(task.Status.State)) return undefined;
    if (task.Status.State === 'rejected') return `the task was rejected: ${task.Status.Err ?? 'no reason given'}`;
    return exitedSummary(task.Status.ContainerStatus?.ExitCode ?? -1, this.docker.serviceLogs(serviceId, 3));
  }
}
