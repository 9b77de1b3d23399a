import type { Bookstore } from '@lab/seed';
import { HttpStatus, Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import type { BookstoreStore, StoreName } from './bookstore-store';
import { JsonbStore } from './jsonb-store';
import type { MongoConnection } from './mongo-connection';
import { PostgresBookstore } from './postgres-bookstore';
import { SqlStore } from './sql-store';

export const SEED_BOOKSTORE = Symbol('the generated seed');
export const MONGO_CONNECTION = Symbol('MongoDB, when configured');

export const MONGO_ABSENT_DETAIL =
  'MongoDB is not part of this sandbox (MONGO_URL is not set): the /mongo routes need the ' +
  '"sql-vs-nosql-mongo" example, which adds a MongoDB replica set next to PostgreSQL. ' +
  'The /sql and /jsonb routes work here.';

/** The stores of this sandbox by URL name, and the connections behind them (closed at shutdown). */
@Injectable()
export class StoreRegistry implements OnApplicationShutdown {
  private readonly stores: Partial<Record<StoreName, BookstoreStore>>;

  constructor(
    readonly postgres: PostgresBookstore,
    @Optional() @Inject(MONGO_CONNECTION) readonly mongo: MongoConnection | null,
    @Inject(SEED_BOOKSTORE) seed: Bookstore,
  ) {
    this.stores = {
      sql: new SqlStore(postgres),
      jsonb: new JsonbStore(postgres),
      ...(mongo ? { mongo: mongo.bookstoreStore() } : {}),
    };
    new Logger('Stores').log(
      `PostgreSQL: ${postgres.bootOutcome}; MongoDB: ${mongo ? mongo.bootOutcome : 'not configured'} ` +
        `(seed ${seed.seed}, size ${seed.size})`,
    );
  }

  /** 503 for MongoDB in a sandbox without it: the route exists, the service is not here. */
  get(name: StoreName): BookstoreStore {
    const store = this.stores[name];
    if (!store) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, MONGO_ABSENT_DETAIL, {
        type: problemType('store-not-in-sandbox'),
        title: 'Store not in this sandbox',
      });
    }
    return store;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.postgres.close(), this.mongo?.close()]);
  }
}
