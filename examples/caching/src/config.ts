import type { SqlConnectionConfig } from '@lab/sql';
import { z } from 'zod';

/**
 * The one place this app reads the environment (the example app contract). Everything else
 * receives a `CachingConfig` through the `CACHING_CONFIG` token, which tests override.
 */
export const CACHING_CONFIG = Symbol('CACHING_CONFIG');

const ms = (fallback: number, min = 1) => z.coerce.number().int().min(min).max(86_400_000).default(fallback);

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .url()
    .refine((url) => /^postgres(ql)?:$/.test(new URL(url).protocol), 'must be a postgresql:// URL'),
  // The superuser that creates DATABASE_URL's (student) role and owns the seed template; unset when
  // DATABASE_URL's user is a superuser itself. Never shown to students.
  DATABASE_ADMIN_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .url()
      .refine((url) => /^postgres(ql)?:$/.test(new URL(url).protocol), 'must be a postgresql:// URL')
      .optional(),
  ),
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => new URL(url).protocol === 'redis:', 'must be a redis:// URL'),
  // How long the deliberately slow catalog query sleeps in PostgreSQL (pg_sleep): the cost a cache saves.
  SLOW_QUERY_MS: ms(200, 0),
  // Lifetime of a cached product, and of a remembered "no such product" (negative caching).
  PRODUCT_TTL_MS: ms(300_000),
  NEGATIVE_TTL_MS: ms(60_000),
  // Single-flight: how long the loader may hold a key's lock, and how often waiters look again.
  LOCK_TTL_MS: ms(10_000),
  LOCK_POLL_MS: ms(10),
  // Write-behind: flush on its own at this size, and on this timer (0 = only on POST /write-behind/flush).
  WRITE_BEHIND_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  WRITE_BEHIND_FLUSH_MS: ms(30_000, 0),
  // Prepare PostgreSQL (migrate, seed, save the template) and exit: an image build bakes the seed so.
  LAB_APP_SEED_ONLY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['true', 'false']).default('false'),
  ),
});

export interface CachingConfig {
  port: number;
  postgres: SqlConnectionConfig;
  /** `redis://<user>:<password>@host:6379[/db]`. Never log it: it carries the password. */
  redisUrl: string;
  slowQueryMs: number;
  productTtlMs: number;
  negativeTtlMs: number;
  lock: { ttlMs: number; pollIntervalMs: number };
  writeBehind: { batchSize: number; flushIntervalMs?: number };
  /** Only PostgreSQL is prepared, then the app exits (LAB_APP_SEED_ONLY): Redis is seeded at start. */
  seedOnly: boolean;
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): CachingConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const env = parsed.data;
  if (env.NEGATIVE_TTL_MS > env.PRODUCT_TTL_MS) {
    // A "not found" goes stale the moment the row is created: it must not outlive a real value.
    throw new Error('invalid configuration: NEGATIVE_TTL_MS must not exceed PRODUCT_TTL_MS');
  }
  return {
    port: env.PORT,
    postgres: postgresFromUrl(env.DATABASE_URL, env.DATABASE_ADMIN_URL),
    redisUrl: env.REDIS_URL,
    slowQueryMs: env.SLOW_QUERY_MS,
    productTtlMs: env.PRODUCT_TTL_MS,
    negativeTtlMs: env.NEGATIVE_TTL_MS,
    lock: { ttlMs: env.LOCK_TTL_MS, pollIntervalMs: env.LOCK_POLL_MS },
    writeBehind: {
      batchSize: env.WRITE_BEHIND_BATCH,
      flushIntervalMs: env.WRITE_BEHIND_FLUSH_MS === 0 ? undefined : env.WRITE_BEHIND_FLUSH_MS,
    },
    seedOnly: env.LAB_APP_SEED_ONLY === 'true',
  };
}

/**
 * `postgresql://user:password@host:port/database` → the fields the reset helpers of @lab/sql take.
 * Of the admin URL only the credentials count: the admin works on the same server.
 */
export function postgresFromUrl(url: string, adminUrl?: string): SqlConnectionConfig {
  const parsed = new URL(url);
  const admin = adminUrl ? new URL(adminUrl) : undefined;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database || !parsed.username) throw new Error('invalid configuration: DATABASE_URL needs a user and a database');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    // Reads are slow on purpose (pg_sleep): an unprotected stampede queues for these connections,
    // which is part of what it costs.
    poolSize: 20,
    ...(admin
      ? { admin: { user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) } }
      : {}),
  };
}
