import type { Bookstore } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { seedJsonb } from './jsonb/seed-jsonb';
import { seedRelational } from './relational/seed-relational';

/** Fills both models from one generated bookstore, so every comparison starts from the same data. */
export async function seedBookstore(db: DataSource, store: Bookstore): Promise<void> {
  await seedRelational(db, store);
  await seedJsonb(db, store);
}
