import { connectAtBoot } from '@lab/lab-app';
import Redis from 'ioredis';
import type { AuthAppConfig } from '../config';

/** Injection token of the one ioredis client every @lab/auth store shares. */
export const REDIS = Symbol('REDIS');

export async function connectRedis(config: AuthAppConfig['redis']): Promise<Redis> {
  const redis = new Redis({ ...config, lazyConnect: true, maxRetriesPerRequest: 2 });
  await connectAtBoot(redis);
  return redis;
}
