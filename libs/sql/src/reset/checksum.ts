import type { DataSource } from 'typeorm';
import { escapeIdentifier } from 'pg';

export interface TableChecksum {
  rows: number;
  /** md5 of every row's text form, in primary-key order. */
  md5: string;
}

export interface DatabaseChecksum {
  /** Keyed `schema.table`, every user table including the migrations table. */
  tables: Record<string, TableChecksum>;
  /** Keyed `schema.sequence`: the value it hands out next (the next id is part of the state too). */
  sequences: Record<string, string>;
}

/** Every ordinary table outside the system schemas, with its primary key columns in key order. */
const TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS table,
         coalesce((SELECT array_agg(a.attname::text ORDER BY k.position)
                   FROM pg_index i
                   CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS key
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%'
  ORDER BY 1, 2`;

/**
 * A fingerprint of the whole database's content: per table, the row count and an md5 over the rows'
 * text form ordered by primary key (the whole row when there is none), plus every sequence's
 * position. Two databases with equal checksums hold the same data and hand out the same next ids,
 * which is what "reset restores the exact seed" means.
 */
export async function checksumDatabase(db: Pick<DataSource, 'query'>): Promise<DatabaseChecksum> {
  const tables: { schema: string; table: string; key: string[] }[] = await db.query(TABLES_SQL);
  const checksum: DatabaseChecksum = { tables: {}, sequences: {} };
  for (const { schema, table, key } of tables) {
    const name = `${escapeIdentifier(schema)}.${escapeIdentifier(table)}`;
    const order = key.length > 0 ? key.map((column) => `t.${escapeIdentifier(column)}`).join(', ') : 't::text';
    const [row] = await db.query<{ rows: number; md5: string }[]>(
      `SELECT count(*)::integer AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${order}), '')) AS md5
       FROM ${name} AS t`,
    );
    checksum.tables[`${schema}.${table}`] = row!;
  }
  const sequences: { schema: string; name: string; increment: string }[] = await db.query(
    `SELECT schemaname AS schema, sequencename AS name, increment_by::text AS increment FROM pg_sequences ORDER BY 1, 2`,
  );
  for (const { schema, name, increment } of sequences) {
    // pg_sequences hides last_value until the first nextval/setval(…, true); the relation itself does not.
    const [state] = await db.query<{ next: string }[]>(
      `SELECT (CASE WHEN is_called THEN last_value + $1::bigint ELSE last_value END)::text AS next
       FROM ${escapeIdentifier(schema)}.${escapeIdentifier(name)}`,
      [increment],
    );
    checksum.sequences[`${schema}.${name}`] = state!.next;
  }
  return checksum;
}
