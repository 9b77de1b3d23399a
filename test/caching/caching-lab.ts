import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import Redis, { type RedisOptions } from 'ioredis';
import { Pool } from 'pg';
import { createTestLab } from '../support/lab-runtime';

/** A book row of the seeded table the loaders read. */
export interface Book {
  id: number;
  title: string;
  stock: number;
}

export const SEEDED_BOOKS = 100;

/**
 * One PostgreSQL + Redis sandbox per suite, a `books` table with ids 1..100, and a factory for
 * extra Redis clients (each one stands for a separate app instance).
 */
export interface CachingLab {
  pg: Pool;
  redis: Redis;
  connectRedis(options?: Partial<RedisOptions>): Promise<Redis>;
  close(): Promise<void>;
}

export async function startCachingLab(name: string): Promise<CachingLab> {
  const lab = createTestLab();
  const { spec, pgPassword, redisPassword } = postgresRedisSpec();
  const clients: Redis[] = [];
  let pg: Pool | undefined;
  try {
    const sandbox = await lab.runtime.provision(lab.sandboxId(name), spec, { labels: lab.labels });
    const endpoint = (service: string) => sandbox.services.find((s) => s.name === service)!;

    const { host: pgHost, ports: pgPorts } = endpoint('postgres');
    pg = new Pool({ host: pgHost, port: pgPorts[5432], user: 'lab', password: pgPassword, database: 'lab', max: 20 });
    await pg.query('CREATE TABLE books (id int PRIMARY KEY, title text NOT NULL, stock int NOT NULL DEFAULT 0)');
    await pg.query(
      `INSERT INTO books (id, title, stock) SELECT i, 'Book ' || i, i % 7 FROM generate_series(1, ${SEEDED_BOOKS}) AS i`,
    );

    const { host: redisHost, ports: redisPorts } = endpoint('redis');
    const connectRedis = async (options: Partial<RedisOptions> = {}) => {
      const client = new Redis({
        host: redisHost,
        port: redisPorts[6379],
        password: redisPassword,
        lazyConnect: true,
        ...options,
      });
      clients.push(client);
      await client.connect();
      return client;
    };
    const redis = await connectRedis();
    const pool = pg;
    return {
      pg: pool,
      redis,
      connectRedis,
      async close() {
        for (const client of clients) client.disconnect();
        await pool.end();
        await lab.reap();
      },
    };
  } catch (error) {
    for (const client of clients) client.disconnect();
    await pg?.end();
    await lab.reap();
    throw error;
  }
}

/** A loader reading one book from PostgreSQL, counting its calls; `slowSeconds` adds pg_sleep. */
export function bookLoader(pg: Pool, slowSeconds = 0) {
  let loads = 0;
  const load = async (id: number): Promise<Book | undefined> => {
    loads++;
    const { rows } = await pg.query<Book>(
      'SELECT b.id, b.title, b.stock FROM books b CROSS JOIN pg_sleep($2::float8) WHERE b.id = $1',
      [id, slowSeconds],
    );
    return rows[0];
  };
  return {
    load,
    get loads() {
      return loads;
    },
  };
}

export async function bookRow(pg: Pool, id: number): Promise<Book | undefined> {
  const { rows } = await pg.query<Book>('SELECT id, title, stock FROM books WHERE id = $1', [id]);
  return rows[0];
}

/** Resolves once Redis no longer has `key` (an expiry we wait for, rather than guess at). */
export async function untilGone(redis: Redis, key: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await redis.exists(key)) === 1) {
    if (Date.now() > deadline) throw new Error(`${key} still exists after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
