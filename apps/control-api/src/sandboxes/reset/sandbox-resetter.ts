import { Catalog, ExampleManifest } from '@lab/catalog';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CATALOG } from '../../examples/catalog.provider';
import { failureReason } from '../failure-reason';
import { SandboxLifecycle } from '../sandbox-lifecycle';
import { SandboxRecord } from '../sandbox.record';
import { SandboxesRepository } from '../sandboxes.repository';
import { ResetMethod, ResetRecord, ResetsRepository } from './resets.repository';

/** A seed restore that takes longer is treated as failed (and the containers are recreated). */
const RESTORE_TIMEOUT_MS = 15_000;

/**
 * Resets sandboxes to their example's seed: first through the example's own reset entry point
 * (in place, well under a second), and only when that fails by recreating the containers — the
 * outcome says which. Every reset is a row first: a crash leaves it pending, and the reconciler
 * carries it out after the restart; its outcome is recorded once.
 */
@Injectable()
export class SandboxResetter {
  private readonly logger = new Logger(SandboxResetter.name);

  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly sandboxes: SandboxesRepository,
    private readonly resets: ResetsRepository,
    private readonly lifecycle: SandboxLifecycle,
  ) {}

  /** Asks for a reset (idempotent: an unfinished one is returned as is) and starts it. */
  async request(sandbox: SandboxRecord, batchId: string | null = null): Promise<ResetRecord> {
    const existing = await this.resets.pendingFor(sandbox.id);
    const reset = existing ?? {
      id: randomUUID(),
      sandboxId: sandbox.id,
      batchId,
      state: 'pending' as const,
      method: null,
      detail: null,
      durationMs: null,
      requestedAt: new Date(),
      finishedAt: null,
    };
    if (!existing) await this.resets.insert(reset);
    await this.lifecycle.setState(sandbox.id, ['ready'], 'resetting', {});
    this.resume(sandbox.id);
    return reset;
  }

  /** Carries out the pending reset of a sandbox unless an operation on it is under way. */
  resume(sandboxId: string): void {
    this.lifecycle.run(sandboxId, () => this.carryOut(sandboxId));
  }

  private async carryOut(sandboxId: string): Promise<void> {
    const reset = await this.resets.pendingFor(sandboxId);
    const sandbox = await this.sandboxes.findById(sandboxId);
    if (!reset) return;
    if (!sandbox || sandbox.desired !== 'running' || !['ready', 'resetting'].includes(sandbox.state)) {
      await this.resets.finish(
        reset.id,
        { state: 'failed', method: null, detail: 'the sandbox is not running', durationMs: 0 },
        new Date(),
      );
      return;
    }
    await this.lifecycle.setState(sandboxId, ['ready'], 'resetting', {});
    const started = performance.now();
    const example = this.catalog.examples.find((candidate) => candidate.name === sandbox.example);
    let method: ResetMethod = 'restore';
    let detail: string | null = null;
    let endpoints = undefined;
    try {
      await this.restore(sandbox, example);
    } catch (error) {
      method = 'recreate';
      detail = `the seed restore failed (${failureReason(error, sandbox.secrets, 200)}); the containers were recreated`;
      this.logger.warn(`sandbox ${sandboxId}: ${detail}`);
      try {
        endpoints = await this.lifecycle.reprovision(sandboxId);
      } catch (recreateError) {
        const reason = failureReason(recreateError, sandbox.secrets);
        await this.resets.finish(
          reset.id,
          { state: 'failed', method, detail: reason, durationMs: performance.now() - started },
          new Date(),
        );
        await this.lifecycle.markFailed(sandboxId, ['resetting'], `reset failed: ${reason}`);
        return;
      }
    }
    const durationMs = performance.now() - started;
    await this.resets.finish(reset.id, { state: 'done', method, detail, durationMs }, new Date());
    await this.lifecycle.setState(sandboxId, ['resetting'], 'ready', {
      reason: null,
      ...(endpoints ? { endpoints } : {}),
    });
    this.logger.log(`sandbox ${sandboxId} reset (${method}) in ${durationMs.toFixed(0)} ms`);
  }

  /** The example's reset entry point, called on the app's published port. */
  private async restore(sandbox: SandboxRecord, example: ExampleManifest | undefined): Promise<void> {
    if (!example?.reset || !example.app) throw new Error('the example has no reset entry point');
    const endpoint = sandbox.endpoints?.find((candidate) => candidate.name === example.app!.service);
    const port = endpoint?.ports[String(example.app.port)];
    if (!endpoint || port === undefined) throw new Error('the app of the sandbox is not published');
    const response = await fetch(`http://${endpoint.host}:${port}${example.reset.http.path}`, {
      method: example.reset.http.method,
      signal: AbortSignal.timeout(RESTORE_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the app answered ${response.status} to ${example.reset.http.path}`);
  }
}
