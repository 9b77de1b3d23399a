import { Injectable, Logger } from '@nestjs/common';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import { TokensService } from '../tokens/tokens.service';
import { WorkshopRecord } from './workshop.record';
import { WorkshopsRepository } from './workshops.repository';

/**
 * A workshop's end is the end, whether the leader ends it (DELETE) or its `endsAt` passes: it is
 * recorded as ended first (its code stops admitting anyone), then every seat's student token is
 * revoked and every seat's sandbox expires now, which the reconciler turns into removal. Tokens and
 * seats also expire at `endsAt` on their own; for a workshop ended early whose end was interrupted
 * by a crash, `finish` is run again at the next start (see WorkshopScheduler).
 */
@Injectable()
export class WorkshopEnder {
  private readonly logger = new Logger(WorkshopEnder.name);

  constructor(
    private readonly workshops: WorkshopsRepository,
    private readonly sandboxes: SandboxesFacade,
    private readonly tokens: TokensService,
  ) {}

  async end(workshop: WorkshopRecord, now: Date): Promise<void> {
    await this.workshops.markEnded(workshop.id, now);
    const removed = await this.finish(workshop, now);
    this.logger.log(`workshop ${workshop.id} ended: seat tokens revoked, ${removed} seat(s) being removed`);
  }

  /**
   * Revokes every seat token and expires every seat still running; repeating it changes nothing.
   * Returns how many seats it expired.
   */
  async finish(workshop: WorkshopRecord, now: Date): Promise<number> {
    let expired = 0;
    for (const seat of await this.workshops.seatsOf(workshop.id)) {
      if (seat.tokenId) await this.tokens.revoke(seat.tokenId).catch(() => undefined);
      const sandbox = await this.sandboxes.find(seat.sandboxId);
      if (sandbox && sandbox.desired === 'running' && sandbox.expiresAt.getTime() > now.getTime()) {
        await this.sandboxes.expire(seat.sandboxId, now);
        expired += 1;
      }
    }
    // Removal now rather than at the next periodic pass.
    if (expired > 0) this.sandboxes.removeExpiredSoon();
    return expired;
  }
}
