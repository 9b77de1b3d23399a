import type { SqlConnectionConfig } from '@lab/sql';
import { z } from 'zod';

/**
 * The app's configuration, read and validated here only (the one file allowed to see process.env).
 * Everything else receives an AppConfig through the APP_CONFIG token, which tests override.
 */
export const APP_CONFIG = Symbol('sql-vs-nosql config');

/** The lab's checks are exact on this seed: changing it changes every expected answer in lab.yaml. */
export const SEED = 2024;
export const DEFAULT_SEED_SIZE = 3;

export interface AppConfig {
  port: number;
  postgres: SqlConnectionConfig;
  /** Absent when this sandbox has no MongoDB: the /mongo routes then answer 503. */
  mongo?: { url: string; database: string };
  seed: { seed: number; size: number };
  /** Prepare the stores (migrate, seed, save the template) and exit: an image build bakes the seed so. */
  seedOnly?: boolean;
}

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string({ error: 'is required (postgresql://user:password@host:5432/database)' })
    .url()
    .refine((url) => /^postgres(ql)?:$/.test(new URL(url).protocol), 'must be a postgresql:// URL')
    .refine((url) => new URL(url).pathname.length > 1, 'must name a database'),
  // The superuser that creates DATABASE_URL's (student) role and owns the seed template; unset when
  // DATABASE_URL's user is a superuser itself. Never shown to students.
  DATABASE_ADMIN_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .url()
      .refine((url) => /^postgres(ql)?:$/.test(new URL(url).protocol), 'must be a postgresql:// URL')
      .optional(),
  ),
  MONGO_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .url()
      .refine((url) => /^mongodb(\+srv)?:$/.test(new URL(url).protocol), 'must be a mongodb:// URL')
      .optional(),
  ),
  SEED_SIZE: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(100).default(DEFAULT_SEED_SIZE)),
  LAB_APP_SEED_ONLY: z.preprocess(emptyAsUnset, z.enum(['true', 'false']).default('false')),
});

export function loadAppConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    postgres: postgresFromUrl(env.DATABASE_URL, env.DATABASE_ADMIN_URL),
    ...(env.MONGO_URL ? { mongo: { url: env.MONGO_URL, database: mongoDatabaseOf(env.MONGO_URL) } } : {}),
    seed: { seed: SEED, size: env.SEED_SIZE },
    seedOnly: env.LAB_APP_SEED_ONLY === 'true',
  };
}

/**
 * The libraries take host/port/user/… rather than a URL; credentials are percent-decoded. Of the
 * admin URL only the credentials count: the admin works on the same server.
 */
export function postgresFromUrl(url: string, adminUrl?: string): SqlConnectionConfig {
  const parsed = new URL(url);
  const admin = adminUrl ? new URL(adminUrl) : undefined;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    ...(admin
      ? { admin: { user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) } }
      : {}),
  };
}

/** The database named in the URL's path, `bookstore` when the path is empty. */
export function mongoDatabaseOf(url: string): string {
  const path = new URL(url).pathname.slice(1);
  return path ? decodeURIComponent(path) : 'bookstore';
}
