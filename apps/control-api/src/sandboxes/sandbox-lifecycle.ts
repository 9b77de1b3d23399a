import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { BoundedQueue } from '../common/bounded-queue';
import { LAB_CONFIG } from '../config.provider';
import { HttpMetrics } from '../metrics/http-metrics';
import { DestroyAction } from './actions/destroy.action';
import { ProvisionAction } from './actions/provision.action';
import { ResetAction } from './actions/reset.action';
import { failureReason } from './failure-reason';

/**
 * Runs the slow operations on sandboxes (provision, reset, destroy) in the background, at most one
 * per sandbox at a time in this process and at most LAB_PROVISION_CONCURRENCY at once (the bounded
 * queue). What each operation does is its action's (`actions/`); every action records its outcome
 * with a compare-and-set, so a crash at any point leaves a row the reconciler can finish.
 */
@Injectable()
export class SandboxLifecycle {
  private readonly logger = new Logger(SandboxLifecycle.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly queue: BoundedQueue;

  constructor(
    @Inject(LAB_CONFIG) config: LabConfig,
    private readonly provisioning: ProvisionAction,
    private readonly resetting: ResetAction,
    private readonly destroying: DestroyAction,
    metrics: HttpMetrics,
  ) {
    const queue = (this.queue = new BoundedQueue(config.provisionConcurrency));
    new Gauge({
      name: 'lab_sandbox_operations',
      help: 'Sandbox operations (provision, reset, removal) in this process: running, or queued for LAB_PROVISION_CONCURRENCY',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      collect() {
        const { running, waiting } = queue.depth;
        this.set({ state: 'running' }, running);
        this.set({ state: 'queued' }, waiting);
      },
    });
  }

  /** Ids with an operation under way here: the reconciler leaves them alone. */
  busyIds(): ReadonlySet<string> {
    return new Set(this.inFlight.keys());
  }

  /** Resolves when every operation under way has finished (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  provision(id: string): void {
    this.run(id, () => this.provisioning.run(id));
  }

  /** Carries out the sandbox's pending reset (see SandboxResetter for asking for one). */
  reset(id: string): void {
    this.run(id, () => this.resetting.run(id));
  }

  destroy(id: string): void {
    this.run(id, () => this.destroying.run(id));
  }

  /** Removes objects that no row claims, unless a row appeared meanwhile. */
  destroyOrphan(id: string): void {
    this.run(id, () => this.destroying.orphan(id));
  }

  /** Starts `work` unless something is already under way for this sandbox (one operation per sandbox). */
  private run(id: string, work: () => Promise<void>): void {
    if (this.inFlight.has(id)) return;
    // Marked busy at once (the reconciler leaves it alone), started when the queue has room.
    const done = this.queue
      .run(work)
      .catch((error: unknown) => this.logger.error(`sandbox ${id}: ${failureReason(error, {})}`))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, done);
  }
}
