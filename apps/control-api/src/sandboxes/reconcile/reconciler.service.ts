import type { SandboxRuntime, SandboxStatus } from '@lab/runtime';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LAB_CONFIG } from '../../config.provider';
import { SANDBOX_RUNTIME } from '../../runtime/runtime.module';
import { failureReason } from '../failure-reason';
import { LAB_INSTANCE, LabInstance } from '../../settings/lab-instance';
import { instanceLabels } from '../instance-labels';
import { SandboxLifecycle } from '../sandbox-lifecycle';
import { SandboxStates } from '../sandbox-states';
import { SandboxesRepository } from '../sandboxes.repository';
import { ResetsRepository } from '../reset/resets.repository';
import { idleSandboxes } from './idle';
import { planReconcile, ReconcileAction } from './plan-reconcile';

/** Pause before re-subscribing to engine events after the stream ended or failed. */
const RESUBSCRIBE_DELAY_MS = 2_000;
/** Engine events come in bursts (one per container): one pass shortly after the burst. */
const EVENT_DEBOUNCE_MS = 300;

/**
 * Moves what is (labelled Docker objects) toward what should be (rows): at boot, after engine
 * events, and every LAB_RECONCILE_SECONDS. Passes never overlap; a pass asked for during one runs
 * right after it. The decisions are planReconcile's; this class only gathers input and acts.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private readonly stop = new AbortController();
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private passes = 0;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    @Inject(LAB_INSTANCE) private readonly instance: LabInstance,
    private readonly sandboxes: SandboxesRepository,
    private readonly lifecycle: SandboxLifecycle,
    private readonly states: SandboxStates,
    private readonly resets: ResetsRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.requestPass();
    this.timer = setInterval(() => void this.requestPass(), this.config.reconcileIntervalMs);
    this.timer.unref();
    void this.followEngineEvents();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    await this.running;
  }

  /** Completed passes since boot (tests wait for "one more pass"). */
  completedPasses(): number {
    return this.passes;
  }

  /** Runs a pass now, or right after the one under way; resolves when that pass is done. */
  requestPass(): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass().catch((error: unknown) =>
        this.logger.warn(`reconcile pass failed: ${failureReason(error, {})}`),
      );
      this.passes += 1;
    } while (this.again && !this.stop.signal.aborted);
  }

  private async pass(): Promise<void> {
    // The busy set is read first: an operation that finishes while we list is then planned on
    // fresh data next time, never acted on twice.
    const busy = this.lifecycle.busyIds();
    await this.cullIdle();
    const pendingResets = await this.resets.pendingSandboxIds();
    const rows = (await this.sandboxes.listUnfinished()).map((row) => ({
      ...row,
      resetPending: pendingResets.has(row.id),
    }));
    const observed = await this.listObserved();
    const actions = planReconcile({
      rows: rows.map((row) => ({ ...row, failedAt: row.failedAt ?? row.updatedAt })),
      observed,
      busy,
      now: new Date(),
      failedKeepMs: this.config.failedKeepMs,
    });
    const byId = new Map((observed ?? []).map((status) => [status.id, status]));
    for (const action of actions) {
      if (this.stop.signal.aborted) return;
      // An operation that started since the planning owns the sandbox now (e.g. a reset just asked for).
      if (this.lifecycle.busyIds().has(action.id)) continue;
      await this.execute(action, byId.get(action.id)).catch((error: unknown) =>
        this.logger.warn(`sandbox ${action.id}: ${action.kind} failed: ${failureReason(error, {})}`),
      );
    }
  }

  /** Idle sandboxes (LAB_IDLE_MINUTES) are asked to go; this pass's plan then removes them. */
  private async cullIdle(): Promise<void> {
    const now = new Date();
    const unfinished = await this.sandboxes.listUnfinished();
    for (const id of idleSandboxes(unfinished, now, this.config.idleMs)) {
      const seconds = Math.round(this.config.idleMs / 1_000);
      const span = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
      this.logger.log(`sandbox ${id} idle for ${span}: removing it`);
      await this.sandboxes.update(id, { desired: 'deleted', reason: `idle for ${span}` }, now);
      await this.sandboxes.transition(id, ['ready'], { state: 'stopping' }, now);
    }
  }

  /** Every object of this installation, or undefined: then nothing is decided this time. */
  private async listObserved(): Promise<SandboxStatus[] | undefined> {
    try {
      return await this.runtime.list(instanceLabels(this.instance));
    } catch (error) {
      this.logger.warn(`cannot list Docker objects, reconcile skipped: ${failureReason(error, {})}`);
      return undefined;
    }
  }

  private async execute(action: ReconcileAction, status: SandboxStatus | undefined): Promise<void> {
    switch (action.kind) {
      case 'provision':
        this.logger.log(`sandbox ${action.id}: resuming provisioning`);
        this.lifecycle.provision(action.id);
        return;
      case 'reset':
        this.logger.log(`sandbox ${action.id}: resuming its reset`);
        this.lifecycle.reset(action.id);
        return;
      case 'mark-ready':
        await this.states.markReady(action.id, ['resetting', 'stopping'], status);
        return;
      case 'mark-failed':
        this.logger.warn(`sandbox ${action.id} failed: ${action.reason}`);
        // Inline, not queued behind provisioning: its other containers stop at once.
        await this.states.markFailed(action.id, ['ready', 'resetting', 'stopping'], action.reason);
        return;
      case 'stop':
        // Its containers stay, for their logs.
        await this.runtime.stop(action.id);
        this.logger.log(`sandbox ${action.id}: stopped the containers of a failed sandbox`);
        return;
      case 'expire':
        this.logger.log(`sandbox ${action.id} expired`);
        await this.sandboxes.update(action.id, { desired: 'deleted', reason: 'expired' }, new Date());
        await this.sandboxes.transition(
          action.id,
          ['provisioning', 'ready', 'resetting', 'failed'],
          { state: 'stopping' },
          new Date(),
        );
        return;
      case 'destroy':
        // An orphan is only an orphan if its row still does not exist when it is removed.
        if (action.orphan) this.lifecycle.destroyOrphan(action.id);
        else this.lifecycle.destroy(action.id);
        return;
      case 'mark-deleted':
        await this.states.markDeleted(action.id);
        return;
    }
  }

  /** Engine events trigger a pass soon after; the stream is re-subscribed whenever it ends. */
  private async followEngineEvents(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        for await (const _event of this.runtime.events({ signal: this.stop.signal })) {
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.requestPass(), EVENT_DEBOUNCE_MS);
        }
      } catch (error) {
        if (!this.stop.signal.aborted) this.logger.warn(`engine events interrupted: ${failureReason(error, {})}`);
      }
      if (this.stop.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_DELAY_MS).unref());
    }
  }
}
