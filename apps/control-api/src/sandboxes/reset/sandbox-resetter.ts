import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SandboxLifecycle } from '../sandbox-lifecycle';
import { SandboxStates } from '../sandbox-states';
import { SandboxRecord } from '../sandbox.record';
import { ResetRecord, ResetsRepository } from './resets.repository';

/**
 * Asks for resets. Every reset is a row first: a crash leaves it pending, and the reconciler
 * carries it out after the restart; the work itself is ResetAction's, queued by SandboxLifecycle.
 */
@Injectable()
export class SandboxResetter {
  constructor(
    private readonly resets: ResetsRepository,
    private readonly states: SandboxStates,
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
    await this.states.move(sandbox.id, ['ready'], 'resetting');
    this.lifecycle.reset(sandbox.id);
    return reset;
  }
}
