import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, QueryFailedError, Repository, SelectQueryBuilder } from 'typeorm';
import { BoundedQueue } from '../common/bounded-queue';
import { frozenOncePer } from '../common/deep-freeze';
import { CompiledSelect } from '../database/compiled-select';
import { LockEntity } from './lock.entity';
import { SandboxEntity } from './sandbox.entity';
import { DesiredState, LIVE_STATES, RecordedEndpoint, SandboxRecord, SandboxState } from './sandbox.record';

/** Fields a state change may set besides `state`. */
export interface SandboxPatch {
  state?: SandboxState;
  desired?: DesiredState;
  reason?: string | null;
  endpoints?: RecordedEndpoint[] | null;
  expiresAt?: Date;
  ownerId?: string;
  workshopId?: string | null;
  lastActivityAt?: Date;
  failedAt?: Date;
}

/** The lock row every admission of sandboxes takes (see `exclusively`). */
const CAPACITY_LOCK = 'sandbox-capacity';

/** The adapter between sandbox records and the database. */
@Injectable()
export class SandboxesRepository {
  /** This process's admissions one at a time (see `exclusively`). */
  private readonly admissions = new BoundedQueue(1);

  // What every page poll reads (GET /api/sandboxes and /:id): SQL built once (see CompiledSelect).
  private readonly byId: CompiledSelect<SandboxEntity, { id: string }>;
  private readonly all: CompiledSelect<SandboxEntity, Record<string, never>>;
  private readonly ofOwner: CompiledSelect<SandboxEntity, { ownerId: string }>;

  constructor(@InjectRepository(SandboxEntity) private readonly rows: Repository<SandboxEntity>) {
    const newestFirst = (query: SelectQueryBuilder<SandboxEntity>) =>
      query.orderBy('row.createdAt', 'DESC').addOrderBy('row.id', 'ASC');
    this.byId = new CompiledSelect(rows, (query) => query.where('row.id = :id'), ['id']);
    this.all = new CompiledSelect(rows, newestFirst, []);
    this.ofOwner = new CompiledSelect(rows, (query) => newestFirst(query.where('row.ownerId = :ownerId')), ['ownerId']);
  }

  /**
   * Runs `work` as one transaction that first takes the `sandbox-capacity` lock row, with a
   * repository bound to that transaction: counting sandboxes and inserting them is then one atomic
   * step for every caller that also goes through here, in this process and in any other API process
   * on the same database.
   *
   * Why a lock row: on PostgreSQL under READ COMMITTED, a count inside an INSERT … SELECT is
   * evaluated on a snapshot and two such statements both see room. An UPDATE of one row blocks
   * every other transaction updating it until commit, and the statements after it read a fresh
   * snapshot that includes what the previous holder committed. An UPDATE (not SELECT … FOR UPDATE,
   * which SQLite does not have) is the portable form: on SQLite it takes the database's write lock
   * at once (other processes wait for it, busy timeout 5 s), so the count that follows cannot be
   * overtaken either. An advisory lock would be PostgreSQL-only. The lock is held for a count and
   * an insert, a few milliseconds.
   *
   * In this process the queue serialises callers first: SQLite has one connection shared by all
   * TypeORM query runners, so two transactions must not interleave on it. `work` must not call
   * `exclusively` again (it would wait for itself) and should not throw: a rollback on SQLite's
   * shared connection would also undo what other code wrote meanwhile.
   */
  exclusively<T>(work: (locked: SandboxesRepository) => Promise<T>): Promise<T> {
    return this.admissions.run(() =>
      this.rows.manager.transaction(async (manager) => {
        await takeLock(manager, CAPACITY_LOCK);
        return work(new SandboxesRepository(manager.getRepository(SandboxEntity)));
      }),
    );
  }

  /** The rows of these ids that exist (for the streams' periodic check). */
  async findByIds(ids: string[]): Promise<SandboxRecord[]> {
    if (ids.length === 0) return [];
    return (await this.rows.findBy({ id: In(ids) })).map(toRecord);
  }

  /** Inserts; `false` when the owner already used this idempotency key (unique index). */
  async insert(record: SandboxRecord): Promise<boolean> {
    try {
      await this.rows.insert(toEntity(record));
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<SandboxRecord | undefined> {
    const [row] = await this.byId.run({ id });
    return row ? sharedRecordOf(row) : undefined;
  }

  async findByIdempotencyKey(ownerId: string, key: string): Promise<SandboxRecord | undefined> {
    const row = await this.rows.findOneBy({ ownerId, idempotencyKey: key });
    return row ? toRecord(row) : undefined;
  }

  /** Newest first; `ownerId` undefined = everyone's. */
  async list(ownerId?: string): Promise<SandboxRecord[]> {
    const rows = ownerId === undefined ? await this.all.run({}) : await this.ofOwner.run({ ownerId });
    return rows.map(sharedRecordOf);
  }

  /** Every row the reconciler must look at: all but those deleted for good. */
  async listUnfinished(): Promise<SandboxRecord[]> {
    const rows = await this.rows.find({ where: [{ state: In([...LIVE_STATES, 'failed']) }, { desired: 'running' }] });
    return rows.map(toRecord);
  }

  /** Live sandboxes (holding resources, whatever is desired), optionally of one owner, with their expiry. */
  async listLive(ownerId?: string): Promise<SandboxRecord[]> {
    const where = { state: In([...LIVE_STATES]) };
    const rows = await this.rows.find({ where: ownerId === undefined ? where : { ...where, ownerId } });
    return rows.map(toRecord);
  }

  /** Pre-provisioned sandboxes of an example not claimed yet (provisioning or ready). */
  async listPool(example: string, poolOwner: string): Promise<SandboxRecord[]> {
    const rows = await this.rows.find({
      where: { example, ownerId: poolOwner, desired: 'running', state: In(['provisioning', 'ready']) },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toRecord);
  }

  /** Hands a ready pooled sandbox to `ownerId` unless someone else claimed it first (compare-and-set). */
  async claim(id: string, poolOwner: string, patch: { ownerId: string; expiresAt: Date }, now: Date): Promise<boolean> {
    const result = await this.rows.update(
      { id, ownerId: poolOwner, state: 'ready', desired: 'running' },
      {
        ownerId: patch.ownerId,
        expiresAt: patch.expiresAt.toISOString(),
        lastActivityAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
    );
    return (result.affected ?? 0) > 0;
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.rows
      .createQueryBuilder('s')
      .select('s.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('s.state')
      .getRawMany<{ state: string; count: string | number }>();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }

  /**
   * Compare-and-set: applies `patch` only while the row is in one of `from` (and, when given, still
   * desired as `desired`). `false` when another actor moved it first: the caller lost the race.
   */
  async transition(
    id: string,
    from: readonly SandboxState[],
    patch: SandboxPatch,
    now: Date,
    desired?: DesiredState,
  ): Promise<boolean> {
    const result = await this.rows.update(
      { id, state: In([...from]), ...(desired ? { desired } : {}) },
      { ...toEntityPatch(patch), updatedAt: now.toISOString() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Unconditional update of the non-state fields (desired, expiry). */
  async update(id: string, patch: SandboxPatch, now: Date): Promise<void> {
    await this.rows.update({ id }, { ...toEntityPatch(patch), updatedAt: now.toISOString() });
  }
}

function toEntityPatch(patch: SandboxPatch): Partial<SandboxEntity> {
  const out: Partial<SandboxEntity> = {};
  if (patch.state !== undefined) out.state = patch.state;
  if (patch.desired !== undefined) out.desired = patch.desired;
  if (patch.reason !== undefined) out.reason = patch.reason === null ? null : patch.reason.slice(0, 500);
  if (patch.endpoints !== undefined) out.endpoints = patch.endpoints === null ? null : JSON.stringify(patch.endpoints);
  if (patch.expiresAt !== undefined) out.expiresAt = patch.expiresAt.toISOString();
  if (patch.ownerId !== undefined) out.ownerId = patch.ownerId;
  if (patch.workshopId !== undefined) out.workshopId = patch.workshopId;
  if (patch.lastActivityAt !== undefined) out.lastActivityAt = patch.lastActivityAt.toISOString();
  if (patch.failedAt !== undefined) out.failedAt = patch.failedAt.toISOString();
  return out;
}

function toEntity(record: SandboxRecord): SandboxEntity {
  return {
    id: record.id,
    example: record.example,
    ownerId: record.ownerId,
    state: record.state,
    desired: record.desired,
    reason: record.reason,
    secrets: JSON.stringify(record.secrets),
    endpoints: record.endpoints === null ? null : JSON.stringify(record.endpoints),
    idempotencyKey: record.idempotencyKey,
    requestHash: record.requestHash,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    workshopId: record.workshopId,
    leaderId: record.leaderId,
    lastActivityAt: record.lastActivityAt?.toISOString() ?? null,
    failedAt: record.failedAt?.toISOString() ?? null,
  };
}

/** Records of the rows the compiled selects return (see sharedRecordOf). */
const recordsOfRows = new WeakMap<Readonly<SandboxEntity>, SandboxRecord>();

/**
 * The record of a row a compiled select returned. On SQLite those rows are kept until the database
 * changes, and every poll of an unchanged sandbox gets the same row object (CompiledSelect): its
 * record is made once, not at every poll (parsing its JSON columns and dates was the next largest
 * part of a poll's CPU), and frozen, since every caller shares it.
 */
function sharedRecordOf(row: Readonly<SandboxEntity>): SandboxRecord {
  return frozenOncePer(recordsOfRows, row, toRecord);
}

function toRecord(row: Readonly<SandboxEntity>): SandboxRecord {
  return {
    id: row.id,
    example: row.example,
    ownerId: row.ownerId,
    state: row.state as SandboxState,
    desired: row.desired as DesiredState,
    reason: row.reason,
    secrets: JSON.parse(row.secrets) as Record<string, string>,
    endpoints: row.endpoints === null ? null : (JSON.parse(row.endpoints) as RecordedEndpoint[]),
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    expiresAt: new Date(row.expiresAt),
    workshopId: row.workshopId,
    leaderId: row.leaderId,
    lastActivityAt: row.lastActivityAt === null ? null : new Date(row.lastActivityAt),
    failedAt: row.failedAt === null ? null : new Date(row.failedAt),
  };
}

/** Takes the lock row until the transaction ends; creates the row first if a database lacks it. */
async function takeLock(manager: EntityManager, name: string): Promise<void> {
  const takenAt = new Date().toISOString();
  if ((await manager.update(LockEntity, { name }, { takenAt })).affected) return;
  await manager.createQueryBuilder().insert().into(LockEntity).values({ name, takenAt }).orIgnore().execute();
  await manager.update(LockEntity, { name }, { takenAt });
}
