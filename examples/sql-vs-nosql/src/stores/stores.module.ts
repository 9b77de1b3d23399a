import { generateBookstore } from '@lab/seed';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { PostgresBookstore } from './postgres-bookstore';
import { StorePipe } from './store.pipe';
import { MONGO_CONNECTION, SEED_BOOKSTORE, StoreRegistry } from './store-registry';

/**
 * Boot happens in these factories, before the app listens: migrate, seed and freeze the template
 * when needed (PostgreSQL), initiate the replica set and seed when needed (MongoDB). So /health
 * answering means the stores are ready, which is what the sandbox's readiness probe waits for.
 */
@Module({
  providers: [
    {
      provide: SEED_BOOKSTORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => generateBookstore(config.seed),
    },
    {
      provide: PostgresBookstore,
      inject: [APP_CONFIG, SEED_BOOKSTORE],
      useFactory: (config: AppConfig, seed) => PostgresBookstore.boot(config.postgres, seed),
    },
    {
      provide: MONGO_CONNECTION,
      inject: [APP_CONFIG, SEED_BOOKSTORE],
      // Loaded only when configured: the MongoDB driver (and BSON, whatwg-url…) is ~130 modules
      // that a PostgreSQL-only sandbox's app would otherwise evaluate at every start.
      useFactory: async (config: AppConfig, seed) =>
        config.mongo ? (await import('./mongo-connection')).MongoConnection.boot(config.mongo, seed) : null,
    },
    StoreRegistry,
    StorePipe,
  ],
  exports: [StoreRegistry, StorePipe, SEED_BOOKSTORE],
})
export class StoresModule {}
