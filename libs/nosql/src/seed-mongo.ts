import type { Bookstore } from '@lab/seed';
import type { Db } from 'mongodb';
import { bookstoreCollections, ensureIndexes } from './collections';
import { toMongoDocuments } from './mongo-documents';

/** Indexes first, then the documents (insertMany in batches the driver splits by size). */
export async function seedMongo(db: Db, store: Bookstore): Promise<void> {
  await ensureIndexes(db);
  const docs = toMongoDocuments(store);
  const collections = bookstoreCollections(db);
  await collections.books.insertMany(docs.books);
  await collections.customers.insertMany(docs.customers);
  await collections.orders.insertMany(docs.orders);
  await collections.counters.insertMany(docs.counters);
}

/**
 * MongoDB has no template databases: reset drops the database and loads the seed again. Its time
 * grows with the seed size, unlike PostgreSQL's template clone (compare in the report).
 */
export async function resetMongo(db: Db, store: Bookstore): Promise<{ ms: number }> {
  const started = performance.now();
  await db.dropDatabase();
  await seedMongo(db, store);
  return { ms: performance.now() - started };
}
