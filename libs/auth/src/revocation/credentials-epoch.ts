import type Redis from 'ioredis';

/**
 * "Everything issued before now is void" for one user, in O(1): a counter per user that a password
 * change advances. Every session and refresh-token family records the counter's value when it is
 * made and is checked against it whenever it is used; an older value means it died with the old
 * password. Unlike an index of the user's sessions (a set that must outlive every session in it),
 * nothing can fall out of it: the counter has no TTL, one small key per user who ever changed a
 * password. A missing key reads as 0, so data made before the first change needs no migration.
 */
export function credentialsEpochKey(prefix: string, subject: string): string {
  return `${prefix}:credentials-epoch:${subject}`;
}

export class CredentialsEpochs {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? 'auth';
  }

  async current(subject: string): Promise<number> {
    return Number((await this.redis.get(credentialsEpochKey(this.prefix, subject))) ?? 0);
  }

  /** Voids every session and refresh-token family of the user made so far; returns the new epoch. */
  async advance(subject: string): Promise<number> {
    return this.redis.incr(credentialsEpochKey(this.prefix, subject));
  }
}
