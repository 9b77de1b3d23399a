import type Redis from 'ioredis';
import { LuaScript } from '../redis/lua-script';
import { digest } from '../redis/random-id';

export interface LoginRateLimitOptions {
  prefix?: string;
  /** Failed attempts allowed per window; the next one is refused. */
  maxAttempts: number;
  windowSeconds: number;
}

export type RateLimitDecision =
  { allowed: true; remaining: number } | { allowed: false; remaining: 0; retryAfterSeconds: number };

/**
 * Fixed window: the first attempt creates the counter with the window as TTL; INCR and PEXPIRE
 * run in one script, so a crash between them cannot leave a counter that never expires.
 * Returns the count after this attempt and the milliseconds left in the window.
 */
const HIT = new LuaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`);

/**
 * Login throttling per account AND client address: one attacker cannot lock a victim out from
 * everywhere (the key includes the IP), and spreading guesses over accounts still hits a limit
 * per account. Call `hit` before checking the password, `reset` after a successful login.
 */
export class LoginRateLimiter {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: LoginRateLimitOptions,
  ) {
    this.prefix = options.prefix ?? 'auth';
  }

  async hit(account: string, ip: string): Promise<RateLimitDecision> {
    const [count, ttlMs] = (await HIT.run(
      this.redis,
      [this.key(account, ip)],
      [this.options.windowSeconds * 1000],
    )) as [number, number];
    return decide(count, ttlMs, this.options.maxAttempts);
  }

  async reset(account: string, ip: string): Promise<void> {
    await this.redis.del(this.key(account, ip));
  }

  private key(account: string, ip: string): string {
    // Accounts are compared case-insensitively at login, so Alice and alice share one budget.
    return `${this.prefix}:login-attempts:${digest(`${account.trim().toLowerCase()}|${ip}`)}`;
  }
}

/** Pure decision from the counter: `maxAttempts` attempts pass, the rest wait out the window. */
export function decide(count: number, ttlMs: number, maxAttempts: number): RateLimitDecision {
  if (count <= maxAttempts) return { allowed: true, remaining: maxAttempts - count };
  // Retry-After is whole seconds (RFC 9110 §10.2.3); round up so a client never comes back too early.
  return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
}
