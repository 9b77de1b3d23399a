import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ComparisonEntity } from './comparison.entity';
import type { ComparisonRecord, ComparisonState } from './comparison.record';

/** Comparisons in the state database; JSON columns in and out as objects. */
@Injectable()
export class ComparisonsRepository {
  constructor(@InjectRepository(ComparisonEntity) private readonly rows: Repository<ComparisonEntity>) {}

  async insert(record: ComparisonRecord): Promise<void> {
    await this.rows.insert({
      id: record.id,
      userId: record.userId,
      sandboxId: record.sandboxId,
      workloadName: record.request.workload.name,
      request: JSON.stringify(record.request),
      state: record.state,
      error: record.error,
      result: record.result ? JSON.stringify(record.result) : null,
      createdAt: record.createdAt.toISOString(),
      finishedAt: record.finishedAt?.toISOString() ?? null,
    });
  }

  /** Records the end of a run, unless it was cancelled (deleted) meanwhile. */
  async finish(
    id: string,
    outcome: { state: ComparisonState; error: string | null; result: ComparisonRecord['result'] },
  ): Promise<void> {
    await this.rows.update(
      { id, state: 'running' },
      {
        state: outcome.state,
        error: outcome.error,
        result: outcome.result ? JSON.stringify(outcome.result) : null,
        finishedAt: new Date().toISOString(),
      },
    );
  }

  async findById(id: string): Promise<ComparisonRecord | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toRecord(row) : undefined;
  }

  async listFor(userId: string | undefined): Promise<ComparisonRecord[]> {
    const rows = await this.rows.find({
      where: userId === undefined ? {} : { userId },
      order: { createdAt: 'DESC' },
      take: 100,
    });
    return rows.map(toRecord);
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /** Runs live in one process: after a restart, the ones it was running are over. */
  async failInterrupted(): Promise<number> {
    const result = await this.rows.update(
      { state: 'running' },
      { state: 'failed', error: 'interrupted: the control API restarted', finishedAt: new Date().toISOString() },
    );
    return result.affected ?? 0;
  }
}

function toRecord(row: ComparisonEntity): ComparisonRecord {
  return {
    id: row.id,
    userId: row.userId,
    sandboxId: row.sandboxId,
    request: JSON.parse(row.request) as ComparisonRecord['request'],
    state: row.state as ComparisonState,
    error: row.error,
    result: row.result ? (JSON.parse(row.result) as ComparisonRecord['result']) : null,
    createdAt: new Date(row.createdAt),
    finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
  };
}
