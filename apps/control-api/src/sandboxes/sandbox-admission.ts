import { LabConfig } from '@lab/config';
import { Inject, Injectable } from '@nestjs/common';
import { LAB_CONFIG } from '../config.provider';
import { checkQuota, countsAgainstOwner, QuotaRefusal } from './quota';
import { POOL_OWNER, SandboxRecord } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';

export type LaunchAdmission =
  | { kind: 'inserted'; record: SandboxRecord }
  | { kind: 'claimed'; record: SandboxRecord }
  /** A sandbox with this owner's Idempotency-Key exists already: answer with it. */
  | { kind: 'repeated'; record: SandboxRecord }
  | { kind: 'refused'; refusal: QuotaRefusal };

export interface LaunchRequest {
  ownerId: string;
  /** The row to insert when no pooled sandbox is claimed. */
  record: SandboxRecord;
  /** Claim a ready pooled sandbox of the record's example instead, if one waits. */
  fromPool: boolean;
}

/**
 * Every way a sandbox comes to hold resources goes through here: a launch (inserted or claimed from
 * the warm pool), workshop seats, pool refills. Each is one atomic step of "count, decide, write"
 * under the capacity lock (SandboxesRepository.exclusively), so the quotas hold under concurrency,
 * also with several API processes on one database, and every sandbox is counted exactly once.
 */
@Injectable()
export class SandboxAdmission {
  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly sandboxes: SandboxesRepository,
  ) {}

  async launch(request: LaunchRequest): Promise<LaunchAdmission> {
    const { ownerId, record } = request;
    return this.sandboxes.exclusively(async (locked) => {
      if (record.idempotencyKey !== null) {
        const earlier = await locked.findByIdempotencyKey(ownerId, record.idempotencyKey);
        if (earlier) return { kind: 'repeated', record: earlier };
      }
      const all = await locked.listLive();
      const own = all.filter((sandbox) => sandbox.ownerId === ownerId && countsAgainstOwner(sandbox));
      const now = new Date();
      const pooled = request.fromPool
        ? (await locked.listPool(record.example, POOL_OWNER)).filter((candidate) => candidate.state === 'ready')
        : [];
      // A pooled sandbox is counted in the total already: claiming it adds to the user only.
      const adding = { own: 1, total: pooled.length > 0 ? 0 : 1 };
      const refusal = checkQuota({ own, all, limits: this.config.quota, adding, now });
      if (refusal) return { kind: 'refused', refusal };
      for (const candidate of pooled) {
        if (await locked.claim(candidate.id, POOL_OWNER, { ownerId, expiresAt: record.expiresAt }, now)) {
          return {
            kind: 'claimed',
            record: { ...candidate, ownerId, expiresAt: record.expiresAt, lastActivityAt: now },
          };
        }
      }
      if (pooled.length > 0) {
        // Claimed by another process between our listing and our claim: a new one must fit the total.
        const full = checkQuota({ own, all, limits: this.config.quota, adding: { own: 1, total: 1 }, now });
        if (full) return { kind: 'refused', refusal: full };
      }
      await insertOrThrow(locked, record);
      return { kind: 'inserted', record };
    });
  }

  /**
   * Inserts all of `records` or none: they count in the total only (workshop seats, warm-pool
   * sandboxes). The refusal says why they do not fit.
   */
  async reserve(records: SandboxRecord[]): Promise<QuotaRefusal | undefined> {
    return this.sandboxes.exclusively(async (locked) => {
      const all = await locked.listLive();
      const adding = { own: 0, total: records.length };
      const refusal = checkQuota({ own: [], all, limits: this.config.quota, adding, now: new Date() });
      if (refusal) return refusal;
      for (const record of records) await insertOrThrow(locked, record);
      return undefined;
    });
  }
}

/** Under the lock the idempotency key was checked first: a conflict now is a bug, not a race. */
async function insertOrThrow(locked: SandboxesRepository, record: SandboxRecord): Promise<void> {
  if (!(await locked.insert(record))) throw new Error(`sandbox ${record.id} conflicted with an existing row`);
}
