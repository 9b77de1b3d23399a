import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { assertPositiveMs } from './cache-entry';

/** A lock this process holds: the key, and the random token that proves it is ours. */
export interface HeldLock {
  key: string;
  token: string;
}

/**
 * Deletes the lock only if it still holds our token, atomically (a Lua script runs with nothing
 * in between). A plain DEL would be wrong: if our lock expired while we were slow and someone
 * else acquired it, DEL would delete *their* lock and let a third holder in.
 */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * A single-instance Redis lock with an expiry. The expiry is what makes a crashed holder harmless
 * (its lock goes away by itself); it also means a holder slower than the TTL loses the lock
 * without knowing, so keep the TTL well above the work it guards. Good enough to avoid duplicate
 * work (a cache stampede); not a correctness guarantee for money-moving code (see Redlock and
 * fencing tokens for that discussion).
 */
export class RedisLock {
  constructor(private readonly redis: Redis) {}

  /** One attempt, no waiting: the lock, or `undefined` when someone else holds it. */
  async tryAcquire(key: string, ttlMs: number): Promise<HeldLock | undefined> {
    assertPositiveMs('lock ttlMs', ttlMs);
    const token = randomBytes(16).toString('hex');
    // SET key token NX PX ttl: create-if-absent and expiry in one atomic command.
    const reply = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    return reply === 'OK' ? { key, token } : undefined;
  }

  /** Compare-and-delete: true if our lock was released, false if it had expired (maybe taken by another). */
  async release(lock: HeldLock): Promise<boolean> {
    const deleted = await this.redis.eval(COMPARE_AND_DELETE, 1, lock.key, lock.token);
    return deleted === 1;
  }
}
