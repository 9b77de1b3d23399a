import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { ConsoleQueryEntity } from './console-query.entity';

export const HISTORY_PER_SANDBOX = 50;
export const HISTORY_STATEMENT_CHARS = 2_000;
const MAX_ERROR_CHARS = 500;

export interface ConsoleHistoryRecord {
  id: number;
  sandboxId: string;
  userId: string;
  service: string;
  statement: string;
  ok: boolean;
  error: string | null;
  rowCount: number | null;
  durationMs: number;
  ranAt: Date;
}

@Injectable()
export class ConsoleHistoryRepository {
  constructor(@InjectRepository(ConsoleQueryEntity) private readonly queries: Repository<ConsoleQueryEntity>) {}

  /** Appends one statement and forgets what is older than the sandbox's last HISTORY_PER_SANDBOX. */
  async append(record: Omit<ConsoleHistoryRecord, 'id'>): Promise<void> {
    await this.queries.insert({
      sandboxId: record.sandboxId,
      userId: record.userId,
      service: record.service,
      statement: record.statement.slice(0, HISTORY_STATEMENT_CHARS),
      ok: record.ok,
      error: record.error?.slice(0, MAX_ERROR_CHARS) ?? null,
      rowCount: record.rowCount,
      durationMs: Math.round(record.durationMs),
      ranAt: record.ranAt.toISOString(),
    });
    const [oldestForgotten] = await this.queries.find({
      select: { id: true },
      where: { sandboxId: record.sandboxId },
      order: { id: 'DESC' },
      skip: HISTORY_PER_SANDBOX,
      take: 1,
    });
    if (oldestForgotten)
      await this.queries.delete({ sandboxId: record.sandboxId, id: LessThanOrEqual(oldestForgotten.id) });
  }

  /** Newest first. */
  async latest(sandboxId: string): Promise<ConsoleHistoryRecord[]> {
    const rows = await this.queries.find({ where: { sandboxId }, order: { id: 'DESC' }, take: HISTORY_PER_SANDBOX });
    return rows.map((row) => ({
      ...row,
      // SQLite hands booleans back as 0/1.
      ok: Boolean(row.ok),
      ranAt: new Date(row.ranAt),
    }));
  }
}
