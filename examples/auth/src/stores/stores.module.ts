import { PasswordHasher } from '@lab/auth';
import { resetRedis } from '@lab/caching';
import { Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { AUTH_CONFIG, AuthAppConfig, loadAuthConfig } from '../config';
import { PASSWORD_HASHER } from '../tokens/auth.tokens';
import { AuthDatabase } from './database';
import { connectRedis, REDIS } from './redis';
import { REDIS_SEED, SEED_MARKER_KEY } from './seed';
import { seedUsers } from './seed-users';

/**
 * The configuration, the two stores (migrated and seeded at boot, idempotently) and the password
 * hasher the seed needs, for every module of the app; the stores are closed on shutdown.
 */
const providers: Provider[] = [
  { provide: AUTH_CONFIG, useFactory: () => loadAuthConfig() },
  { provide: PASSWORD_HASHER, useFactory: () => new PasswordHasher() },
  {
    provide: REDIS,
    inject: [AUTH_CONFIG],
    useFactory: async (config: AuthAppConfig) => {
      // A seed-only run (an image build) bakes PostgreSQL only: a client that never connects.
      if (config.seedOnly) return new Redis({ ...config.redis, lazyConnect: true });
      const redis = await connectRedis(config.redis);
      // Idempotent: the marker is the seed's last key, so it exists only once the seed is complete.
      if (!(await redis.exists(SEED_MARKER_KEY))) await resetRedis(redis, REDIS_SEED);
      return redis;
    },
  },
  {
    provide: AuthDatabase,
    inject: [AUTH_CONFIG, PASSWORD_HASHER],
    useFactory: async (config: AuthAppConfig, hasher: PasswordHasher) => {
      const db = new AuthDatabase(config.postgres);
      await db.open((fresh) => seedUsers(fresh, hasher));
      return db;
    },
  },
];

@Global()
@Module({ providers, exports: [AUTH_CONFIG, PASSWORD_HASHER, REDIS, AuthDatabase] })
export class StoresModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AuthDatabase) private readonly db: AuthDatabase,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.db.close();
  }
}
