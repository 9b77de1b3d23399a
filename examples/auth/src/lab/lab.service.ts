import { checksumRedis, resetRedis } from '@lab/caching';
import { fingerprint, type LabAppContract, type RestoredStore, type StoreProbe } from '@lab/lab-app';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AuthDatabase } from '../stores/database';
import { REDIS } from '../stores/redis';
import { REDIS_SEED } from '../stores/seed';

export type AuthStore = 'postgres' | 'redis';

/** What reset, checksum and health mean for this example's two stores (served by @lab/lab-app). */
@Injectable()
export class LabService implements LabAppContract<AuthStore> {
  constructor(
    @Inject(AuthDatabase) private readonly db: AuthDatabase,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * PostgreSQL: drop the working database and clone it from the seed template. Redis: FLUSHDB and
   * the seed in one MULTI. Sessions, refresh families and rate-limit counters are all in Redis, so
   * a reset also logs everybody out; access tokens stay valid until they expire (they are JWTs).
   */
  async reset(): Promise<RestoredStore<AuthStore>[]> {
    const postgres = await this.db.reset();
    const started = performance.now();
    await resetRedis(this.redis, REDIS_SEED);
    return [
      { store: 'postgres', ms: postgres },
      { store: 'redis', ms: performance.now() - started },
    ];
  }

  async checksum(): Promise<Record<AuthStore, string>> {
    const [postgres, redis] = await Promise.all([this.db.checksum(), checksumRedis(this.redis)]);
    return { postgres: fingerprint(postgres), redis };
  }

  probes(): Record<AuthStore, StoreProbe> {
    return { postgres: () => this.db.query('SELECT 1'), redis: () => this.redis.ping() };
  }
}
