import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Whether the control API's own state answers a query. */
@Injectable()
export class DatabaseHealth {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** `sqlite` or `postgres`: which store this installation uses (never its URL). */
  kind(): string {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }
}
