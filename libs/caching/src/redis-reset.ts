import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { assertSeed, redisScore, type RedisSeed, type RedisSeedEntry } from './redis-snapshot';

/**
 * Puts the selected database back to the seed: FLUSHDB, then every seed key, in one MULTI/EXEC
 * transaction — other clients see either the old data or the whole seed, never a half-reset
 * database. It flushes everything in the database, cache entries, locks and namespace versions
 * included: that is the point of a reset.
 */
export async function resetRedis(redis: Redis, seed: RedisSeed): Promise<void> {
  assertSeed(seed);
  const transaction = redis.multi().flushdb();
  for (const entry of seed) queueEntry(transaction, entry);
  const results = await transaction.exec();
  if (!results) throw new Error('redis reset: transaction was aborted');
  for (const [error] of results) if (error) throw error;
}

function queueEntry(transaction: ChainableCommander, entry: RedisSeedEntry): void {
  switch (entry.type) {
    case 'string':
      transaction.set(entry.key, entry.value);
      break;
    case 'hash':
      transaction.hset(entry.key, entry.fields);
      break;
    case 'list':
      transaction.rpush(entry.key, ...entry.items);
      break;
    case 'set':
      transaction.sadd(entry.key, ...entry.members);
      break;
    case 'zset':
      transaction.zadd(entry.key, ...entry.members.flatMap(({ member, score }) => [redisScore(score), member]));
      break;
  }
  if (entry.ttlMs !== undefined) transaction.pexpire(entry.key, entry.ttlMs);
}
