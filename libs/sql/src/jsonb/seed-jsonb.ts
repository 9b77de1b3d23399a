import { Bookstore, toDocuments } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { restartIdentity } from '../relational/seed-relational';

export const DOCUMENT_TABLES = ['docs.books', 'docs.customers', 'docs.orders'] as const;

/**
 * Loads the document form of a generated bookstore into empty `docs` tables. Each collection goes
 * in as one JSON array parameter, split server-side by jsonb_array_elements; the id moves out of
 * the document into the key column.
 */
export async function seedJsonb(db: DataSource, store: Bookstore): Promise<void> {
  const documents = toDocuments(store);
  await db.transaction(async (tx) => {
    for (const [table, docs] of [
      ['docs.books', documents.books],
      ['docs.customers', documents.customers],
      ['docs.orders', documents.orders],
    ] as const) {
      await tx.query(
        `INSERT INTO ${table} (id, doc)
         SELECT (d->>'id')::integer, d - 'id' FROM jsonb_array_elements($1::jsonb) AS d`,
        [JSON.stringify(docs)],
      );
      await restartIdentity(tx, table);
    }
  });
}
