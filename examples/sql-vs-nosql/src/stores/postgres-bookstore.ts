import { fingerprint } from '@lab/lab-app';
import type { Bookstore } from '@lab/seed';
import {
  checksumDatabase,
  openBookstore,
  openBookstoreIfKept,
  prepareBoot,
  resetFromSeedTemplate,
  saveSeedTemplate,
  seedJsonb,
  seedRelational,
  SqlConnectionConfig,
} from '@lab/sql';
import type { DataSource } from 'typeorm';

/** How the working database was found at boot, for the log. */
export type PostgresBootOutcome = 'seeded' | 'kept' | 'restored-from-template';

/**
 * The bookstore database of this sandbox: both models (relational tables and `docs.*` JSONB) in
 * one PostgreSQL database, plus the template `<database>_seed` that reset clones.
 *
 * The DataSource is replaced on reset (the old pool's sessions die with DROP DATABASE … FORCE), so
 * callers ask for `db` on every use instead of keeping it.
 */
export class PostgresBookstore {
  private constructor(
    private readonly config: SqlConnectionConfig,
    private dataSource: DataSource,
    readonly bootOutcome: PostgresBootOutcome,
  ) {}

  get db(): DataSource {
    return this.dataSource;
  }

  /**
   * Migrates, then seeds and freezes the template only the first time: once the template exists,
   * the working database is the student's and a restart must keep it (idempotent boot). Each model
   * is seeded only if empty, so a boot interrupted between the two seeds finishes the job.
   *
   * With an admin in the config, the admin first makes the student's role and gives it the
   * database; everything else (migrations, seed) runs as the student, who so owns every table.
   */
  static async boot(config: SqlConnectionConfig, seed: Bookstore): Promise<PostgresBookstore> {
    // The student's login works and the seed is frozen (a sandbox of the image with the seed baked
    // in, an app restart): kept, with no admin session on the launch's critical path.
    const kept = await openBookstoreIfKept(config);
    if (kept) return new PostgresBookstore(config, kept, 'kept');
    // One admin session: the student's role made right, and what this boot finds.
    const { templateSaved, databaseExists } = await prepareBoot(config);
    if (templateSaved && !databaseExists) {
      // A reset that stopped between DROP and CREATE: finish it.
      await resetFromSeedTemplate(config);
      return new PostgresBookstore(config, await openBookstore(config), 'restored-from-template');
    }
    const db = await openBookstore(config);
    if (templateSaved) return new PostgresBookstore(config, db, 'kept');
    try {
      if (await isEmpty(db, 'books')) await seedRelational(db, seed);
      if (await isEmpty(db, 'docs.books')) await seedJsonb(db, seed);
    } finally {
      // CREATE DATABASE … TEMPLATE needs the working database without sessions.
      await db.destroy();
    }
    await saveSeedTemplate(config);
    return new PostgresBookstore(config, await openBookstore(config), 'seeded');
  }

  /** Drop + clone from the template; then a fresh pool, since the old one's sessions were cut. */
  async reset(): Promise<number> {
    const { ms } = await resetFromSeedTemplate(this.config);
    const previous = this.dataSource;
    this.dataSource = await openBookstore(this.config);
    await previous.destroy().catch(() => undefined);
    return ms;
  }

  /** One fingerprint of every table's rows and every sequence's position (see checksumDatabase). */
  async checksum(): Promise<string> {
    return fingerprint(await checksumDatabase(this.dataSource));
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

async function isEmpty(db: DataSource, table: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(`SELECT 1 FROM ${table} LIMIT 1`);
  return rows.length === 0;
}
