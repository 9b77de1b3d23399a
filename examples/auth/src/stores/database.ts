import {
  checksumDatabase,
  keptForStudent,
  prepareBoot,
  resetFromSeedTemplate,
  saveSeedTemplate,
  type DatabaseChecksum,
} from '@lab/sql';
import type { SqlConnectionConfig } from '@lab/sql';
import { Logger } from '@nestjs/common';
import { Pool, type QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The PostgreSQL side: a small pool, migrations and seed at boot, and reset by cloning the seed
 * template (`<database>_seed`, made once after the first seeding). Reset drops the working
 * database, so the pool is replaced around it; queries arriving meanwhile wait for the new one.
 */
export class AuthDatabase {
  private readonly logger = new Logger(AuthDatabase.name);
  private current?: Promise<Pool>;

  constructor(private readonly config: SqlConnectionConfig) {}

  /**
   * Idempotent: the first boot migrates, seeds and freezes the template; later boots (an app
   * restart) keep the data students made. `seed` runs on a fresh schema and must itself be idempotent.
   */
  async open(seed: (db: AuthDatabase) => Promise<void>): Promise<void> {
    // The user's login works and the seed is frozen (a sandbox of the image with the seed baked
    // in, an app restart): kept, with no admin session on the launch's critical path.
    const pool = this.createPool();
    const query = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
    let kept = false;
    try {
      kept = await keptForStudent(query, this.config.database);
    } finally {
      if (!kept) await pool.end();
    }
    if (kept) {
      this.current = Promise.resolve(pool);
      await this.migrate();
      return;
    }
    // The admin (when configured) makes the user's role and gives it the database; migrations and
    // seed then run as that user, who so owns every table.
    const { templateSaved } = await prepareBoot(this.config);
    if (templateSaved) {
      this.current = Promise.resolve(this.createPool());
      await this.migrate();
      return;
    }
    this.current = Promise.resolve(this.createPool());
    await this.migrate();
    await seed(this);
    // CREATE DATABASE … TEMPLATE needs the working database without sessions: ours first.
    await (await this.current).end();
    await saveSeedTemplate(this.config);
    this.current = Promise.resolve(this.createPool());
    this.logger.log(`seeded ${this.config.database} and saved its template`);
  }

  async query<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const pool = await this.pool();
    return (await pool.query<T>(sql, params)).rows;
  }

  async reset(): Promise<number> {
    const old = await this.pool();
    let fresh: Pool | undefined;
    const reset = (async () => {
      await old.end();
      try {
        return await resetFromSeedTemplate(this.config);
      } finally {
        // Even after a failed reset, later requests get a pool (and a clear error per query).
        fresh = this.createPool();
      }
    })();
    this.current = reset.then(
      () => fresh!,
      () => fresh!,
    );
    return (await reset).ms;
  }

  async checksum(): Promise<DatabaseChecksum> {
    const query = (sql: string, params?: unknown[]) => this.query(sql, params);
    return checksumDatabase({ query: query as Pick<DataSource, 'query'>['query'] });
  }

  async close(): Promise<void> {
    await (await this.current)?.end();
  }

  private async migrate(): Promise<void> {
    for (const statement of MIGRATIONS) await this.query(statement);
  }

  private pool(): Promise<Pool> {
    if (!this.current) throw new Error('database not opened');
    return this.current;
  }

  private createPool(): Pool {
    const { host, port, user, password, database } = this.config;
    const pool = new Pool({ host, port, user, password, database, max: 5, connectionTimeoutMillis: 5000 });
    // An idle client cut by a reset (or a PostgreSQL restart) must not crash the process.
    pool.on('error', (error) => this.logger.warn(`idle PostgreSQL client failed: ${error.message}`));
    return pool;
  }
}
