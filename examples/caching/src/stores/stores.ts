import { Inject, Logger, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { CACHING_CONFIG, type CachingConfig } from '../config';

/** The app's two stores, as injection tokens: the adapters below are the only code that opens them. */
export const PG_POOL = Symbol('PG_POOL');
export const REDIS = Symbol('REDIS');

export const InjectPool = () => Inject(PG_POOL);
export const InjectRedis = () => Inject(REDIS);

const logger = new Logger('Stores');

export const pgPoolProvider: Provider<Pool> = {
  provide: PG_POOL,
  inject: [CACHING_CONFIG],
  useFactory: (config: CachingConfig) => {
    const { host, port, user, password, database, poolSize } = config.postgres;
    const pool = new Pool({ host, port, user, password, database, max: poolSize });
    // Idle connections are cut on purpose by every reset (DROP DATABASE … WITH (FORCE)); without a
    // listener, that error would crash the process. The pool drops the client and opens a new one.
    pool.on('error', (error) => logger.warn(`idle PostgreSQL connection closed: ${error.message}`));
    return pool;
  },
};

export const redisProvider: Provider<Redis> = {
  provide: REDIS,
  inject: [CACHING_CONFIG],
  useFactory: (config: CachingConfig) => {
    // lazyConnect: the connection is opened (and awaited) by CatalogSetup at boot, so a wrong
    // password fails the boot with a clear error instead of retrying in the background.
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
    return redis;
  },
};
