import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { TokenRevocations } from './token-revocations';
import type { AccessTokenRecord } from './tokens.repository';

/**
 * The active tokens read in the last half second, by hash: every request checks its token twice
 * (the rate limit, then access), and a student's page sends bursts, so a row is read once per
 * burst instead of per check. Only active tokens are kept (an unknown token is read every time,
 * and a token issued a moment ago works at once); expiry is still checked at every use.
 *
 * Revocation: a revocation in this process empties the cache at once; one made by another API
 * process on the same database is seen within `TTL_MS` (the lab promises within 1 s).
 */
@Injectable()
export class ActiveTokenCache implements OnModuleDestroy {
  static readonly TTL_MS = 500;
  /** More distinct tokens than this in half a second: start over rather than grow. */
  static readonly MAX_ENTRIES = 10_000;

  private readonly entries = new Map<string, { record: AccessTokenRecord; until: number }>();
  /** Counts revocations: a read that started before one must not be kept after it. */
  private generation = 0;
  private readonly subscription: Subscription;

  constructor(revocations: TokenRevocations) {
    this.subscription = revocations.ids.subscribe(() => {
      this.generation += 1;
      this.entries.clear();
    });
  }

  async find(
    tokenHash: string,
    load: (tokenHash: string) => Promise<AccessTokenRecord | undefined>,
  ): Promise<AccessTokenRecord | undefined> {
    const now = Date.now();
    const cached = this.entries.get(tokenHash);
    if (cached && cached.until > now) return cached.record;
    const generation = this.generation;
    const record = await load(tokenHash);
    if (!record) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    if (generation === this.generation) {
      if (this.entries.size >= ActiveTokenCache.MAX_ENTRIES) this.entries.clear();
      this.entries.set(tokenHash, { record, until: now + ActiveTokenCache.TTL_MS });
    }
    return record;
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
