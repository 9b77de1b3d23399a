import { Injectable, Logger } from '@nestjs/common';
import { Reconciler } from '../sandboxes/reconcile/reconciler.service';
import { SandboxesRepository } from '../sandboxes/sandboxes.repository';
import { TokensService } from '../tokens/tokens.service';
import { WorkshopRecord } from './workshop.record';
import { WorkshopsRepository } from './workshops.repository';

/**
 * A workshop's end is the end, whether the leader ends it (DELETE) or its `endsAt` passes: every
 * seat's student token is revoked (they also expire at `endsAt` on their own) and every seat's
 * sandbox expires now, which the reconciler turns into removal. Safe to repeat: the workshop is only
 * recorded as ended after its seats were dealt with, so an end interrupted by a crash is finished by
 * the scheduler.
 */
@Injectable()
export class WorkshopEnder {
  private readonly logger = new Logger(WorkshopEnder.name);

  constructor(
    private readonly workshops: WorkshopsRepository,
    private readonly sandboxes: SandboxesRepository,
    private readonly tokens: TokensService,
    private readonly reconciler: Reconciler,
  ) {}

  async end(workshop: WorkshopRecord, now: Date): Promise<void> {
    const seats = await this.workshops.seatsOf(workshop.id);
    for (const seat of seats) {
      if (seat.tokenId) await this.tokens.revoke(seat.tokenId).catch(() => undefined);
      const sandbox = await this.sandboxes.findById(seat.sandboxId);
      if (sandbox && sandbox.desired === 'running' && sandbox.expiresAt.getTime() > now.getTime()) {
        await this.sandboxes.update(seat.sandboxId, { expiresAt: now }, now);
      }
    }
    await this.workshops.markEnded(workshop.id, now);
    this.logger.log(`workshop ${workshop.id} ended: ${seats.length} seat token(s) revoked, seats removed`);
    // Removal now rather than at the next periodic pass.
    void this.reconciler.requestPass();
  }
}
