import type Redis from 'ioredis';
import { digest, randomId } from '../redis/random-id';

export interface SessionStoreOptions {
  prefix?: string;
  /** Idle timeout: every read with `touch` pushes it out again. */
  idleTtlSeconds: number;
}

export interface Session<T> {
  id: string;
  data: T;
}

/**
 * Server-side sessions: the cookie carries only a random id (256 bits), the data stays in Redis
 * under the id's digest. Logout deletes the key, so a copied cookie is dead at once, unlike a
 * self-contained token that stays valid until it expires.
 */
export class SessionStore<T extends object> {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: SessionStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'auth';
  }

  async create(data: T): Promise<Session<T>> {
    const id = randomId();
    await this.redis.set(this.key(id), JSON.stringify(data), 'EX', this.options.idleTtlSeconds);
    return { id, data };
  }

  async get(id: string | undefined, { touch = true } = {}): Promise<Session<T> | undefined> {
    if (!id) return undefined;
    const key = this.key(id);
    const raw = touch ? await this.redis.getex(key, 'EX', this.options.idleTtlSeconds) : await this.redis.get(key);
    return raw === null ? undefined : { id, data: JSON.parse(raw) as T };
  }

  /** Replaces the data, keeping the id (and restarting the idle timeout). */
  async save(session: Session<T>): Promise<void> {
    await this.redis.set(this.key(session.id), JSON.stringify(session.data), 'EX', this.options.idleTtlSeconds);
  }

  /**
   * Session fixation defence: at every privilege change (login, role change) the session gets a
   * NEW id and the old one is deleted, so an id an attacker planted before login is worthless after.
   * One MULTI, so there is no moment where both or neither exist.
   */
  async regenerate(oldId: string | undefined, data: T): Promise<Session<T>> {
    const id = randomId();
    const tx = this.redis.multi();
    if (oldId) tx.del(this.key(oldId));
    tx.set(this.key(id), JSON.stringify(data), 'EX', this.options.idleTtlSeconds);
    await tx.exec();
    return { id, data };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.prefix}:session:${digest(id)}`;
  }
}
