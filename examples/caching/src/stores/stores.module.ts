import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { CACHING_CONFIG, loadConfig } from '../config';
import { InjectPool, InjectRedis, pgPoolProvider, redisProvider } from './stores';

const configProvider = { provide: CACHING_CONFIG, useFactory: () => loadConfig() };

/** Configuration and the store clients, for every module of the app; closed on shutdown. */
@Global()
@Module({
  providers: [configProvider, pgPoolProvider, redisProvider],
  exports: [configProvider, pgPoolProvider, redisProvider],
})
export class StoresModule implements OnApplicationShutdown {
  constructor(
    @InjectPool() private readonly pool: Pool,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.pool.end();
  }
}
