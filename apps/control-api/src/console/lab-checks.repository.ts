import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LabCheckEntity } from './lab-check.entity';

export interface LabCheckRecord {
  sandboxId: string;
  stepId: string;
  passed: boolean;
  detail: string;
  checkedAt: Date;
}

const MAX_DETAIL = 500;

@Injectable()
export class LabChecksRepository {
  constructor(@InjectRepository(LabCheckEntity) private readonly checks: Repository<LabCheckEntity>) {}

  /** The latest result per step replaces the one before. */
  async save(record: LabCheckRecord): Promise<void> {
    await this.checks.upsert(
      {
        sandboxId: record.sandboxId,
        stepId: record.stepId,
        passed: record.passed,
        detail: record.detail.slice(0, MAX_DETAIL),
        checkedAt: record.checkedAt.toISOString(),
      },
      ['sandboxId', 'stepId'],
    );
  }

  async of(sandboxId: string): Promise<LabCheckRecord[]> {
    return (await this.checks.findBy({ sandboxId })).map((row) => ({
      sandboxId: row.sandboxId,
      stepId: row.stepId,
      // SQLite hands booleans back as 0/1.
      passed: Boolean(row.passed),
      detail: row.detail,
      checkedAt: new Date(row.checkedAt),
    }));
  }
}
