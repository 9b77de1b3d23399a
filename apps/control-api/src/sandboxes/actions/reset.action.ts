import { Catalog, ExampleManifest } from '@lab/catalog';
import { serviceUrl, type SandboxRuntime } from '@lab/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CATALOG } from '../../examples/catalog.provider';
import { SANDBOX_RUNTIME } from '../../runtime/runtime.module';
import { failureReason } from '../failure-reason';
import { ResetMethod, ResetsRepository } from '../reset/resets.repository';
import { SandboxStates } from '../sandbox-states';
import { RecordedEndpoint, SandboxRecord } from '../sandbox.record';
import { SandboxesRepository } from '../sandboxes.repository';
import { ProvisionAction } from './provision.action';

/** A seed restore that takes longer is treated as failed (and the containers are recreated). */
const RESTORE_TIMEOUT_MS = 15_000;

interface Outcome {
  method: ResetMethod | null;
  detail: string | null;
  /** New published ports, when the containers were recreated. */
  endpoints?: RecordedEndpoint[];
  failed?: string;
}

/**
 * Carries out a sandbox's pending reset: first through the example's own reset entry point (in
 * place, well under a second), and only when that fails by recreating the containers — the outcome
 * says which. The outcome is recorded once, in `record`. Run by SandboxLifecycle.
 */
@Injectable()
export class ResetAction {
  private readonly logger = new Logger(ResetAction.name);

  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    private readonly sandboxes: SandboxesRepository,
    private readonly resets: ResetsRepository,
    private readonly states: SandboxStates,
    private readonly provision: ProvisionAction,
  ) {}

  async run(sandboxId: string): Promise<void> {
    const reset = await this.resets.pendingFor(sandboxId);
    if (!reset) return;
    const sandbox = await this.sandboxes.findById(sandboxId);
    if (!sandbox || sandbox.desired !== 'running' || !['ready', 'resetting'].includes(sandbox.state)) {
      const outcome = { state: 'failed' as const, method: null, detail: 'the sandbox is not running', durationMs: 0 };
      await this.resets.finish(reset.id, outcome, new Date());
      return;
    }
    // A reset resumed after a restart may find its sandbox still `ready`.
    await this.states.move(sandboxId, ['ready'], 'resetting');
    const started = performance.now();
    const outcome = await this.reset(sandbox);
    const durationMs = performance.now() - started;
    await this.record(reset.id, sandbox, outcome, durationMs);
  }

  /** Restores the seed in place, or recreates the containers when that fails. */
  private async reset(sandbox: SandboxRecord): Promise<Outcome> {
    const example = this.catalog.examples.find((candidate) => candidate.name === sandbox.example);
    try {
      await this.restore(sandbox, example);
      return { method: 'restore', detail: null };
    } catch (error) {
      const detail = `the seed restore failed (${failureReason(error, sandbox.secrets, 200)}); the containers were recreated`;
      this.logger.warn(`sandbox ${sandbox.id}: ${detail}`);
      try {
        return { method: 'recreate', detail, endpoints: await this.provision.recreate(sandbox.id) };
      } catch (recreateError) {
        const reason = failureReason(recreateError, sandbox.secrets);
        return { method: 'recreate', detail: reason, failed: reason };
      }
    }
  }

  /** The reset row's outcome first (recorded once), then the sandbox's state. */
  private async record(resetId: string, sandbox: SandboxRecord, outcome: Outcome, durationMs: number): Promise<void> {
    const { method, detail } = outcome;
    const state = outcome.failed === undefined ? 'done' : 'failed';
    await this.resets.finish(resetId, { state, method, detail, durationMs }, new Date());
    if (outcome.failed !== undefined) {
      await this.states.markFailed(sandbox.id, ['resetting'], `reset failed: ${outcome.failed}`);
      return;
    }
    const endpoints = outcome.endpoints ? { endpoints: outcome.endpoints } : {};
    await this.states.move(sandbox.id, ['resetting'], 'ready', { reason: null, ...endpoints });
    this.logger.log(`sandbox ${sandbox.id} reset (${method}) in ${durationMs.toFixed(0)} ms`);
  }

  /** The example's reset entry point, called where the runtime says the app is reached. */
  private async restore(sandbox: SandboxRecord, example: ExampleManifest | undefined): Promise<void> {
    if (!example?.reset || !example.app) throw new Error('the example has no reset entry point');
    const address = this.runtime.endpoint(sandbox, example.app.service, example.app.port);
    if (!address) throw new Error('the app of the sandbox is not published');
    const response = await fetch(serviceUrl(address, example.reset.http.path), {
      method: example.reset.http.method,
      signal: AbortSignal.timeout(RESTORE_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the app answered ${response.status} to ${example.reset.http.path}`);
  }
}
