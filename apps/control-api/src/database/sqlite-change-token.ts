import type { Driver } from 'typeorm';

/** The part of better-sqlite3's `Database` this reads. */
interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
}

interface SqliteStatement {
  raw(toggle: boolean): SqliteStatement;
  get(): unknown;
}

// `data_version` changes when another connection (another process on the same file) commits;
// `total_changes()` counts the rows this connection inserted, updated or deleted since it opened,
// committed or not (so a rollback after a write moves it too). Together: any change at all.
const CHANGE_TOKEN_SQL = 'SELECT data_version, total_changes() FROM pragma_data_version';

const statements = new WeakMap<SqliteConnection, SqliteStatement>();

/**
 * A value that differs whenever the rows of the database may have differed since it was last read,
 * for caches of reads (CompiledSelect). Undefined when nothing may be cached:
 * - any database but SQLite through better-sqlite3 (on PostgreSQL other API processes write with
 *   no signal here);
 * - while the connection is inside a transaction: every TypeORM query runner shares SQLite's one
 *   connection, so a read may see another flow's writes that are not committed yet.
 * It is one statement on the connection, ~7 µs on the 2-core machine.
 */
export function sqliteChangeToken(driver: Driver): string | undefined {
  if (driver.options.type !== 'better-sqlite3') return undefined;
  const connection = (driver as { databaseConnection?: SqliteConnection }).databaseConnection;
  if (!connection || connection.inTransaction) return undefined;
  let statement = statements.get(connection);
  if (!statement) {
    statement = connection.prepare(CHANGE_TOKEN_SQL).raw(true);
    statements.set(connection, statement);
  }
  const [dataVersion, totalChanges] = statement.get() as [number, number];
  return `${dataVersion}:${totalChanges}`;
}
