import { fingerprint } from '@lab/lab-app';
import { bookstoreCollections, checksumMongo, MongoBookstore, resetMongo, seedMongo } from '@lab/nosql';
import type { Bookstore } from '@lab/seed';
import { MongoClient } from 'mongodb';
import type { BookstoreStore } from './bookstore-store';
import { MongoStore } from './mongo-store';
import { ensureReplicaSet } from './replica-set';

export type MongoBootOutcome = 'seeded' | 'kept';

/**
 * The MongoDB side of a sandbox that has one. MongoDB has no template databases, so the seed is
 * kept in memory (it is generated, deterministic and small) and reset drops and reloads it.
 */
export class MongoConnection {
  private constructor(
    readonly store: MongoBookstore,
    private readonly seed: Bookstore,
    readonly bootOutcome: MongoBootOutcome,
  ) {}

  /**
   * The `counters` collection is written last by seedMongo: while it lacks the orders counter, the
   * seed is absent or was interrupted, so the database is dropped and loaded again. Otherwise the
   * data is the student's and is kept across restarts.
   */
  static async boot(config: { url: string; database: string }, seed: Bookstore): Promise<MongoConnection> {
    await ensureReplicaSet(config.url);
    const client = new MongoClient(config.url);
    await client.connect();
    try {
      const db = client.db(config.database);
      const seeded = await bookstoreCollections(db).counters.countDocuments({ _id: 'orders' });
      if (seeded === 0) {
        await db.dropDatabase();
        await seedMongo(db, seed);
      }
      return new MongoConnection({ client, db }, seed, seeded === 0 ? 'seeded' : 'kept');
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The `/mongo` routes' store over this connection. */
  bookstoreStore(): BookstoreStore {
    return new MongoStore(this.store);
  }

  async reset(): Promise<number> {
    return (await resetMongo(this.store.db, this.seed)).ms;
  }

  async checksum(): Promise<string> {
    return fingerprint(await checksumMongo(this.store.db));
  }

  async ping(): Promise<void> {
    await this.store.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.store.client.close();
  }
}
