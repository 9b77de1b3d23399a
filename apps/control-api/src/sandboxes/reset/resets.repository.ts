import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CompiledSelect } from '../../database/compiled-select';
import { ResetEntity } from './reset.entity';

export type ResetState = 'pending' | 'done' | 'failed';
/** `restore`: the example's seed restore; `recreate`: the restore failed, the containers were made anew. */
export type ResetMethod = 'restore' | 'recreate';

export interface ResetRecord {
  id: string;
  sandboxId: string;
  /** The bulk reset (e.g. of a workshop) this one belongs to. */
  batchId: string | null;
  state: ResetState;
  method: ResetMethod | null;
  detail: string | null;
  durationMs: number | null;
  requestedAt: Date;
  finishedAt: Date | null;
}

@Injectable()
export class ResetsRepository {
  /** What every `GET /api/sandboxes/:id` reads: SQL built once (see CompiledSelect). */
  private readonly ofSandbox: CompiledSelect<ResetEntity, { sandboxId: string }>;

  constructor(@InjectRepository(ResetEntity) private readonly rows: Repository<ResetEntity>) {
    this.ofSandbox = new CompiledSelect(
      rows,
      (query) => query.where('row.sandboxId = :sandboxId').orderBy('row.requestedAt', 'ASC'),
      ['sandboxId'],
    );
  }

  async insert(record: ResetRecord): Promise<void> {
    await this.rows.insert(toEntity(record));
  }

  /** The unfinished reset of a sandbox, if one was asked for. */
  async pendingFor(sandboxId: string): Promise<ResetRecord | undefined> {
    const row = await this.rows.findOne({ where: { sandboxId, state: 'pending' }, order: { requestedAt: 'ASC' } });
    return row ? toRecord(row) : undefined;
  }

  async pendingSandboxIds(): Promise<Set<string>> {
    const rows = await this.rows.find({ where: { state: 'pending' }, select: { sandboxId: true } });
    return new Set(rows.map((row) => row.sandboxId));
  }

  /** The newest reset of each of these sandboxes that has one. */
  async latestFor(sandboxIds: string[]): Promise<Map<string, ResetRecord>> {
    if (sandboxIds.length === 0) return new Map();
    if (sandboxIds.length === 1) {
      const [sandboxId] = sandboxIds as [string];
      const newest = (await this.ofSandbox.run({ sandboxId })).at(-1);
      return new Map(newest ? [[sandboxId, toRecord(newest)]] : []);
    }
    const rows = await this.rows.find({ where: { sandboxId: In(sandboxIds) }, order: { requestedAt: 'ASC' } });
    return new Map(rows.map((row) => [row.sandboxId, toRecord(row)]));
  }

  async ofBatch(batchId: string): Promise<ResetRecord[]> {
    return (await this.rows.find({ where: { batchId }, order: { requestedAt: 'ASC', id: 'ASC' } })).map(toRecord);
  }

  /** Records the outcome once: a reset already finished (by a concurrent run) stays as it was. */
  async finish(
    id: string,
    outcome: { state: 'done' | 'failed'; method: ResetMethod | null; detail: string | null; durationMs: number },
    at: Date,
  ): Promise<boolean> {
    const result = await this.rows.update(
      { id, state: 'pending' },
      {
        state: outcome.state,
        method: outcome.method,
        detail: outcome.detail?.slice(0, 500) ?? null,
        durationMs: Math.round(outcome.durationMs),
        finishedAt: at.toISOString(),
      },
    );
    return (result.affected ?? 0) > 0;
  }
}

function toEntity(record: ResetRecord): ResetEntity {
  return {
    id: record.id,
    sandboxId: record.sandboxId,
    batchId: record.batchId,
    state: record.state,
    method: record.method,
    detail: record.detail,
    durationMs: record.durationMs,
    requestedAt: record.requestedAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
  };
}

function toRecord(row: ResetEntity): ResetRecord {
  return {
    id: row.id,
    sandboxId: row.sandboxId,
    batchId: row.batchId,
    state: row.state as ResetState,
    method: row.method as ResetMethod | null,
    detail: row.detail,
    durationMs: row.durationMs,
    requestedAt: new Date(row.requestedAt),
    finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt),
  };
}
