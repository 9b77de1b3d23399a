import type { SandboxRuntime } from '@lab/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SANDBOX_RUNTIME } from '../../runtime/runtime.module';
import { SandboxStates } from '../sandbox-states';
import { SandboxesRepository } from '../sandboxes.repository';

/** Removes a sandbox's objects and records `deleted` when its row asked for that. Run by SandboxLifecycle. */
@Injectable()
export class DestroyAction {
  private readonly logger = new Logger(DestroyAction.name);

  constructor(
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    private readonly sandboxes: SandboxesRepository,
    private readonly states: SandboxStates,
  ) {}

  async run(id: string): Promise<void> {
    await this.runtime.destroy(id);
    const record = await this.sandboxes.findById(id);
    // No row, or still wanted (a failed sandbox whose containers were kept for their logs, now
    // removed): nothing to record, a failed one stays `failed` with its reason.
    if (!record || record.desired !== 'deleted') return;
    await this.states.markDeleted(id);
    this.logger.log(`sandbox ${id} deleted`);
  }

  /**
   * Removes objects that no row claims. The row is read again right before removal: a sandbox
   * launched while the reconciler was listing is seen there with no row yet, but its row exists
   * by the time its objects do (it is inserted before provisioning starts).
   */
  async orphan(id: string): Promise<void> {
    if (await this.sandboxes.findById(id)) {
      this.logger.log(`sandbox ${id}: not an orphan (its row exists), left alone`);
      return;
    }
    this.logger.warn(`removing orphaned sandbox objects ${id}`);
    await this.runtime.destroy(id);
  }
}
