import { Catalog, compileSandbox } from '@lab/catalog';
import { PUBLISH_HOST_IP, type SandboxRuntime, type SandboxStatus } from '@lab/runtime';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { BoundedQueue } from '../common/bounded-queue';
import { LAB_CONFIG } from '../config.provider';
import { CATALOG } from '../examples/catalog.provider';
import { INSTANCE_LABEL, LAB_INSTANCE, LabInstance } from '../settings/lab-instance';
import { failureReason } from './failure-reason';
import { SandboxEventBus } from './sandbox-events';
import { SandboxMetrics } from './sandbox-metrics';
import { RecordedEndpoint, SandboxState } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';

/**
 * Does the slow work on sandboxes (provision, destroy) in the background, at most one operation
 * per sandbox at a time in this process. Every outcome is written with a compare-and-set, so a
 * crash at any point leaves a row the reconciler can finish: `provisioning` is resumed (adopting
 * what exists), a deleted row's leftovers are destroyed.
 */
@Injectable()
export class SandboxLifecycle {
  private readonly logger = new Logger(SandboxLifecycle.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly queue: BoundedQueue;

  constructor(
    @Inject(LAB_CONFIG) config: LabConfig,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(LAB_INSTANCE) private readonly instance: LabInstance,
    private readonly sandboxes: SandboxesRepository,
    private readonly events: SandboxEventBus,
    private readonly metrics: SandboxMetrics,
  ) {
    this.queue = new BoundedQueue(config.provisionConcurrency);
  }

  /** Ids with an operation under way here: the reconciler leaves them alone. */
  busyIds(): ReadonlySet<string> {
    return new Set(this.inFlight.keys());
  }

  /** Resolves when every operation under way has finished (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Labels that tie a Docker object to this installation (see LabInstance). */
  instanceFilter(): Record<string, string> {
    return { [INSTANCE_LABEL]: this.instance.id };
  }

  provision(id: string): void {
    this.run(id, () => this.doProvision(id));
  }

  destroy(id: string): void {
    this.run(id, () => this.doDestroy(id));
  }

  /** Records `state` with the published ports the engine reports (after adoption by the reconciler). */
  async markReady(id: string, from: readonly SandboxState[], status: SandboxStatus | undefined): Promise<void> {
    const endpoints = status ? endpointsOf(status) : undefined;
    await this.setState(id, from, 'ready', { reason: null, ...(endpoints ? { endpoints } : {}) });
  }

  /**
   * Stops its containers (kept, for their logs, LAB_FAILED_KEEP_MINUTES) and then records `failed`:
   * a failed sandbox no longer counts against any quota, so none of its containers may still run.
   * Throws, recording nothing, when the engine did not stop them: the row keeps counting and the
   * reconciler tries again.
   */
  async markFailed(id: string, from: readonly SandboxState[], reason: string): Promise<void> {
    await this.runtime.stop(id);
    await this.setState(id, from, 'failed', { reason, failedAt: new Date() });
  }

  /** Stops what still runs of a failed sandbox (its containers stay, for their logs). */
  async stopFailed(id: string): Promise<void> {
    await this.runtime.stop(id);
    this.logger.log(`sandbox ${id}: stopped the containers of a failed sandbox`);
  }

  /**
   * Removes objects that no row claims. The row is read again right before removal: a sandbox
   * launched while the reconciler was listing is seen there with no row yet, but its row exists
   * by the time its objects do (it is inserted before provisioning starts).
   */
  destroyOrphan(id: string): void {
    this.run(id, async () => {
      if (await this.sandboxes.findById(id)) {
        this.logger.log(`sandbox ${id}: not an orphan (its row exists), left alone`);
        return;
      }
      this.logger.warn(`removing orphaned sandbox objects ${id}`);
      await this.runtime.destroy(id);
    });
  }

  async markDeleted(id: string): Promise<void> {
    await this.setState(id, ['provisioning', 'ready', 'resetting', 'stopping', 'failed'], 'deleted', {});
  }

  /** Starts `work` unless something is already under way for this sandbox (one operation per sandbox). */
  run(id: string, work: () => Promise<void>): void {
    if (this.inFlight.has(id)) return;
    // Marked busy at once (the reconciler leaves it alone), started when the queue has room.
    const done = this.queue
      .run(work)
      .catch((error: unknown) => this.logger.error(`sandbox ${id}: ${failureReason(error, {})}`))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, done);
  }

  private async doProvision(id: string): Promise<void> {
    const record = await this.sandboxes.findById(id);
    if (!record || record.state !== 'provisioning' || record.desired !== 'running') return;
    const example = this.catalog.examples.find((candidate) => candidate.name === record.example);
    if (!example) {
      await this.setState(id, ['provisioning'], 'failed', {
        reason: `example "${record.example}" is no longer in the catalog`,
        failedAt: new Date(),
      });
      return;
    }
    const started = performance.now();
    const compiled = compileSandbox(example, record.ownerId, record.secrets);
    try {
      const provisioned = await this.runtime.provision(id, compiled.spec, {
        labels: this.instanceFilter(),
        onProgress: (progress) =>
          this.events.publish({
            sandboxId: id,
            type: 'progress',
            step: progress.step,
            service: progress.service,
            message: progress.message,
            at: new Date().toISOString(),
          }),
      });
      const endpoints = recordedEndpoints(provisioned.services);
      const recorded = await this.setState(id, ['provisioning'], 'ready', { endpoints, reason: null });
      this.metrics.provisioned('ready', (performance.now() - started) / 1_000);
      this.logger.log(`sandbox ${id} ready${provisioned.adopted ? ' (adopted)' : ''}`);
      // Deleted while it was being provisioned: the row no longer wants it.
      if (!recorded) await this.doDestroy(id);
    } catch (error) {
      this.metrics.provisioned('failed', (performance.now() - started) / 1_000);
      const reason = failureReason(error, record.secrets);
      this.logger.warn(`sandbox ${id} failed: ${reason}`);
      // The runtime removed what it had made; should anything be left running that the engine did
      // not stop now, the reconciler stops it (a failed sandbox with a running container).
      await this.markFailed(id, ['provisioning'], reason).catch(async (stopError: unknown) => {
        this.logger.warn(`sandbox ${id}: could not stop its containers: ${failureReason(stopError, {})}`);
        await this.setState(id, ['provisioning'], 'failed', { reason, failedAt: new Date() });
      });
    }
  }

  private async doDestroy(id: string): Promise<void> {
    await this.runtime.destroy(id);
    const record = await this.sandboxes.findById(id);
    // No row, or still wanted (a failed sandbox whose containers were kept for their logs, now
    // removed): nothing to record, a failed one stays `failed` with its reason.
    if (!record || record.desired !== 'deleted') return;
    await this.markDeleted(id);
    this.logger.log(`sandbox ${id} deleted`);
  }

  /** Provisions again with the stored secrets (same credentials), for a reset whose restore failed. */
  async reprovision(id: string): Promise<RecordedEndpoint[]> {
    const record = await this.sandboxes.findById(id);
    const example = this.catalog.examples.find((candidate) => candidate.name === record?.example);
    if (!record || !example) throw new Error(`sandbox ${id} or its example is gone`);
    await this.runtime.destroy(id);
    const compiled = compileSandbox(example, record.ownerId, record.secrets);
    const provisioned = await this.runtime.provision(id, compiled.spec, { labels: this.instanceFilter() });
    return recordedEndpoints(provisioned.services);
  }

  async setState(
    id: string,
    from: readonly SandboxState[],
    state: SandboxState,
    patch: { reason?: string | null; endpoints?: RecordedEndpoint[]; failedAt?: Date },
  ): Promise<boolean> {
    const changed = await this.sandboxes.transition(id, from, { ...patch, state }, new Date());
    if (changed) {
      const reason = patch.reason ?? null;
      this.events.publish({ sandboxId: id, type: 'state', state, reason, at: new Date().toISOString() });
    }
    return changed;
  }
}

export function endpointsOf(status: SandboxStatus): RecordedEndpoint[] {
  return recordedEndpoints(status.services.map((service) => ({ ...service, host: PUBLISH_HOST_IP })));
}

function recordedEndpoints(
  services: { name: string; containerId: string; host: string; ports: Record<number, number> }[],
): RecordedEndpoint[] {
  return services.map(({ name, containerId, host, ports }) => ({
    name,
    containerId,
    host,
    ports: Object.fromEntries(Object.entries(ports).map(([port, hostPort]) => [String(port), hostPort])),
  }));
}
