import { Catalog, compileSandbox, ExampleManifest } from '@lab/catalog';
import type { ProvisionOptions, SandboxRuntime } from '@lab/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SANDBOX_RUNTIME } from '../../runtime/runtime.module';
import { CATALOG } from '../../examples/catalog.provider';
import { LAB_INSTANCE, LabInstance } from '../../settings/lab-instance';
import { failureReason } from '../failure-reason';
import { instanceLabels } from '../instance-labels';
import { SandboxEventBus } from '../sandbox-events';
import { SandboxMetrics } from '../sandbox-metrics';
import { recordedEndpoints, SandboxStates } from '../sandbox-states';
import { RecordedEndpoint, SandboxRecord } from '../sandbox.record';
import { SandboxesRepository } from '../sandboxes.repository';
import { DestroyAction } from './destroy.action';

/**
 * Makes a `provisioning` sandbox's containers from its example (adopting what exists, so it can be
 * resumed after a crash) and records `ready` or `failed`. Run by SandboxLifecycle, never directly.
 */
@Injectable()
export class ProvisionAction {
  private readonly logger = new Logger(ProvisionAction.name);

  constructor(
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(LAB_INSTANCE) private readonly instance: LabInstance,
    private readonly sandboxes: SandboxesRepository,
    private readonly states: SandboxStates,
    private readonly events: SandboxEventBus,
    private readonly metrics: SandboxMetrics,
    private readonly destroy: DestroyAction,
  ) {}

  async run(id: string): Promise<void> {
    const record = await this.sandboxes.findById(id);
    if (!record || record.state !== 'provisioning' || record.desired !== 'running') return;
    const example = this.catalog.examples.find((candidate) => candidate.name === record.example);
    if (!example) {
      const reason = `example "${record.example}" is no longer in the catalog`;
      await this.states.move(id, ['provisioning'], 'failed', { reason, failedAt: new Date() });
      return;
    }
    const started = performance.now();
    try {
      const { endpoints, adopted } = await this.containers(record, example, {
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
      const recorded = await this.states.move(id, ['provisioning'], 'ready', { endpoints, reason: null });
      this.metrics.provisioned('ready', (performance.now() - started) / 1_000);
      this.logger.log(`sandbox ${id} ready${adopted ? ' (adopted)' : ''}`);
      // Deleted while it was being provisioned: the row no longer wants it.
      if (!recorded) await this.destroy.run(id);
    } catch (error) {
      this.metrics.provisioned('failed', (performance.now() - started) / 1_000);
      const reason = failureReason(error, record.secrets);
      this.logger.warn(`sandbox ${id} failed: ${reason}`);
      // The runtime removed what it had made; should anything be left running that the engine did
      // not stop now, the reconciler stops it (a failed sandbox with a running container).
      await this.states.markFailed(id, ['provisioning'], reason).catch(async (stopError: unknown) => {
        this.logger.warn(`sandbox ${id}: could not stop its containers: ${failureReason(stopError, {})}`);
        await this.states.move(id, ['provisioning'], 'failed', { reason, failedAt: new Date() });
      });
    }
  }

  /** Removes the containers and makes them anew with the stored secrets (same credentials): a reset's fallback. */
  async recreate(id: string): Promise<RecordedEndpoint[]> {
    const record = await this.sandboxes.findById(id);
    const example = this.catalog.examples.find((candidate) => candidate.name === record?.example);
    if (!record || !example) throw new Error(`sandbox ${id} or its example is gone`);
    await this.runtime.destroy(id);
    return (await this.containers(record, example, {})).endpoints;
  }

  private async containers(
    record: SandboxRecord,
    example: ExampleManifest,
    options: Omit<ProvisionOptions, 'labels'>,
  ): Promise<{ endpoints: RecordedEndpoint[]; adopted: boolean }> {
    const compiled = compileSandbox(example, record.ownerId, record.secrets);
    const provisioned = await this.runtime.provision(record.id, compiled.spec, {
      ...options,
      labels: instanceLabels(this.instance),
    });
    return { endpoints: recordedEndpoints(provisioned.services), adopted: provisioned.adopted };
  }
}
