import { checksumRedis, resetRedis } from '@lab/caching';
import type { DatabaseChecksum } from '@lab/sql';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { AuthDatabase } from '../stores/database';
import { REDIS } from '../stores/redis';
import { REDIS_SEED } from '../stores/seed';

export interface RestoredStore {
  store: 'postgres' | 'redis';
  ms: number;
}

/** The lab contract: every store back to the seed in place, and a checksum to prove it. */
@Injectable()
export class LabService {
  constructor(
    @Inject(AuthDatabase) private readonly db: AuthDatabase,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * PostgreSQL: drop the working database and clone it from the seed template. Redis: FLUSHDB and
   * the seed in one MULTI. Sessions, refresh families and rate-limit counters are all in Redis, so
   * a reset also logs everybody out; access tokens stay valid until they expire (they are JWTs).
   */
  async reset(): Promise<RestoredStore[]> {
    const postgres = await this.db.reset();
    const started = performance.now();
    await resetRedis(this.redis, REDIS_SEED);
    return [
      { store: 'postgres', ms: round(postgres) },
      { store: 'redis', ms: round(performance.now() - started) },
    ];
  }

  async checksum(): Promise<{ postgres: string; redis: string }> {
    const [postgres, redis] = await Promise.all([this.db.checksum(), checksumRedis(this.redis)]);
    return { postgres: digestOf(postgres), redis };
  }
}

/** One hex string per store: the full DatabaseChecksum (per table, per sequence), hashed. */
function digestOf(checksum: DatabaseChecksum): string {
  return createHash('sha256').update(JSON.stringify(checksum)).digest('hex');
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
