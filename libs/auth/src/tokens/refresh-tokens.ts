import type Redis from 'ioredis';
import { LuaScript } from '../redis/lua-script';
import { digest, randomId } from '../redis/random-id';
import { credentialsEpochKey } from '../revocation/credentials-epoch';

export interface RefreshTokenOptions {
  /** Key prefix, so several examples can share one Redis. */
  prefix?: string;
  /** Lifetime of one refresh token; each rotation starts a new one. */
  tokenTtlSeconds: number;
  /** Absolute lifetime of a family (one login): rotation never extends it, so a stolen chain dies too. */
  familyTtlSeconds: number;
}

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  subject: string;
}

export type RefreshFailure = 'unknown' | 'expired' | 'revoked' | 'reused';

/** Why a refresh was refused. `reused` means a rotated token came back: the family is now revoked. */
export class RefreshTokenRejected extends Error {
  constructor(readonly reason: RefreshFailure) {
    super(`refresh token rejected: ${reason}`);
    this.name = 'RefreshTokenRejected';
  }
}

/**
 * One hash per family. `current` is the digest of the only token that may be used next; every
 * token the family ever handed out is remembered as `used:<digest>`, so presenting one of those is
 * provably a replay (reuse detection, RFC 9700 §4.14.2) rather than garbage, and revokes the family.
 * `epoch` is the subject's credentials epoch when the family began: a password change advances the
 * subject's epoch, and an older family is revoked at its next use (so is one made before epochs
 * existed, which reads as 0, once the user changes the password).
 * KEYS[1] family, KEYS[2] the subject's epoch; ARGV: presented digest, new digest, now (ms), new
 * token expiry (ms), subject.
 */
const ROTATE = new LuaScript(`
local family = KEYS[1]
if redis.call('EXISTS', family) == 0 then return {'unknown'} end
if redis.call('HGET', family, 'subject') ~= ARGV[5] then return {'unknown'} end
if redis.call('HGET', family, 'revoked') == '1' then return {'revoked'} end
if tonumber(redis.call('HGET', family, 'epoch') or '0') < tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('HSET', family, 'revoked', '1')
  return {'revoked'}
end
local presented = ARGV[1]
if redis.call('HGET', family, 'current') == presented then
  if tonumber(redis.call('HGET', family, 'expiresAt')) <= tonumber(ARGV[3]) then return {'expired'} end
  redis.call('HSET', family, 'used:' .. presented, '1', 'current', ARGV[2], 'expiresAt', ARGV[4])
  return {'ok', ARGV[5]}
end
if redis.call('HEXISTS', family, 'used:' .. presented) == 1 then
  redis.call('HSET', family, 'revoked', '1')
  return {'reused'}
end
return {'unknown'}
`);

/** A new family at the subject's current epoch. KEYS[1] family, KEYS[2] epoch; ARGV: subject, digest, expiry, ttl (s). */
const ISSUE = new LuaScript(`
local epoch = redis.call('GET', KEYS[2]) or '0'
redis.call('HSET', KEYS[1], 'subject', ARGV[1], 'revoked', '0', 'current', ARGV[2], 'expiresAt', ARGV[3], 'epoch', epoch)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return epoch
`);

/**
 * Opaque refresh tokens with rotation: every refresh returns a new token and retires the old one.
 * A token reads `<familyId>.<secret>`; only the family id is readable, the secret exists only in
 * the client, Redis sees its digest.
 */
export class RefreshTokenStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: RefreshTokenOptions,
  ) {
    this.prefix = options.prefix ?? 'auth';
  }

  /** Starts a new family (at login). */
  async issue(subject: string): Promise<IssuedRefreshToken> {
    const familyId = randomId(16);
    const token = `${familyId}.${randomId()}`;
    await ISSUE.run(
      this.redis,
      [this.familyKey(familyId), this.epochKey(subject)],
      [subject, digest(token), this.tokenExpiry(), this.options.familyTtlSeconds],
    );
    return { token, familyId, subject };
  }

  /** Exchanges a token for its successor. Throws RefreshTokenRejected; on `reused` the family is revoked. */
  async rotate(presented: string): Promise<IssuedRefreshToken> {
    const familyId = familyOf(presented);
    if (!familyId) throw new RefreshTokenRejected('unknown');
    // The subject names the epoch key the script must check; the script re-reads it atomically.
    const subject = await this.redis.hget(this.familyKey(familyId), 'subject');
    if (subject === null) throw new RefreshTokenRejected('unknown');
    const next = `${familyId}.${randomId()}`;
    const [status] = (await ROTATE.run(
      this.redis,
      [this.familyKey(familyId), this.epochKey(subject)],
      [digest(presented), digest(next), Date.now(), this.tokenExpiry(), subject],
    )) as [string, string?];
    if (status !== 'ok') throw new RefreshTokenRejected(status as RefreshFailure);
    return { token: next, familyId, subject };
  }

  /** Logout (or an admin action): every token of the family stops working. */
  async revokeFamily(familyId: string): Promise<void> {
    // HSET on a missing key would create a family without a TTL; only mark existing ones.
    await this.redis.eval(
      "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'revoked', '1') end",
      1,
      this.familyKey(familyId),
    );
  }

  /**
   * Every family of the subject stops working (a password change): one INCR of the subject's
   * credentials epoch, however many families exist and whatever their TTLs.
   */
  async revokeSubject(subject: string): Promise<void> {
    await this.redis.incr(this.epochKey(subject));
  }

  private epochKey(subject: string): string {
    return credentialsEpochKey(this.prefix, subject);
  }

  private tokenExpiry(): number {
    return Date.now() + this.options.tokenTtlSeconds * 1000;
  }

  private familyKey(familyId: string): string {
    return `${this.prefix}:refresh-family:${familyId}`;
  }
}

/** The family id part of a token, or undefined when the token is not shaped like ours. */
export function familyOf(token: string): string | undefined {
  const match = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match?.[1];
}
