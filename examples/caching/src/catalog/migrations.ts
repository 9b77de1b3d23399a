import type { ClientBase } from 'pg';

/**
 * The schema, as numbered migrations applied once each (recorded in `schema_migrations`). Plain
 * SQL: the table is the lesson's backdrop, and students read it in psql.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'products',
    sql: `CREATE TABLE products (
            id          integer PRIMARY KEY,
            name        text    NOT NULL,
            category    text    NOT NULL,
            price_cents integer NOT NULL CHECK (price_cents >= 0),
            stock       integer NOT NULL CHECK (stock >= 0)
          )`,
  },
];

/** Applies the migrations not applied yet, each in its own transaction; returns the versions applied. */
export async function migrate(client: ClientBase): Promise<number[]> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL)');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((row) => row.version));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}
