import { hkdfSync } from 'node:crypto';

/**
 * Everything the auth example reads from its environment, validated once at start-up. This is
 * the only file that looks at `process.env` (the example app contract); the rest of the app gets
 * an `AuthAppConfig` injected under `AUTH_CONFIG`.
 */
export interface AuthAppConfig {
  port: number;
  postgres: {
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
    /** Creates the (student) user's role and owns the seed template; absent when `user` is a superuser. */
    admin?: { user: string; password: string };
  };
  redis: { host: string; port: number; username?: string; password?: string };
  jwt: {
    /** HS256 key derived from the sandbox's `jwt-secret` (HKDF-SHA256, 32 bytes). */
    key: Uint8Array;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    familyTtlSeconds: number;
  };
  sessions: { idleTtlSeconds: number; secureCookie: boolean };
  loginLimit: { maxAttempts: number; windowSeconds: number };
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string };
  /**
   * LAB_APP_SEED_ONLY=true: prepare PostgreSQL (migrate, seed, save the template) and exit, as an
   * image build that bakes the seed does; Redis is not touched (it is seeded when a sandbox starts).
   */
  seedOnly: boolean;
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadAuthConfig(env: Env = process.env): AuthAppConfig {
  const database = new URL(required(env, 'DATABASE_URL'));
  if (!/^postgres(ql)?:$/.test(database.protocol)) throw new ConfigError('DATABASE_URL must be a postgresql:// URL');
  const admin = env['DATABASE_ADMIN_URL'] ? new URL(env['DATABASE_ADMIN_URL']) : undefined;
  if (admin && !/^postgres(ql)?:$/.test(admin.protocol)) {
    throw new ConfigError('DATABASE_ADMIN_URL must be a postgresql:// URL');
  }
  const redis = new URL(required(env, 'REDIS_URL'));
  if (redis.protocol !== 'redis:') throw new ConfigError('REDIS_URL must be a redis:// URL');
  const jwtSecret = required(env, 'JWT_SECRET');
  if (jwtSecret.length < 16) throw new ConfigError('JWT_SECRET must be at least 16 characters');

  return {
    port: integer(env, 'PORT', 3000),
    postgres: {
      host: database.hostname,
      port: Number(database.port || 5432),
      user: decodeURIComponent(database.username),
      password: decodeURIComponent(database.password),
      database: decodeURIComponent(database.pathname.slice(1)) || 'auth',
      ...(admin
        ? { admin: { user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) } }
        : {}),
    },
    redis: {
      host: redis.hostname,
      port: Number(redis.port || 6379),
      ...(redis.username ? { username: decodeURIComponent(redis.username) } : {}),
      password: redis.password ? decodeURIComponent(redis.password) : undefined,
    },
    jwt: {
      key: deriveJwtKey(jwtSecret),
      issuer: env['JWT_ISSUER'] ?? 'urn:backend-lab:auth',
      audience: env['JWT_AUDIENCE'] ?? 'auth-api',
      accessTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 300),
      refreshTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 3600),
      familyTtlSeconds: integer(env, 'REFRESH_FAMILY_TTL_SECONDS', 86_400),
    },
    sessions: {
      idleTtlSeconds: integer(env, 'SESSION_IDLE_SECONDS', 1800),
      secureCookie: env['COOKIE_SECURE'] === 'true',
    },
    loginLimit: {
      maxAttempts: integer(env, 'LOGIN_MAX_ATTEMPTS', 5),
      windowSeconds: integer(env, 'LOGIN_WINDOW_SECONDS', 60),
    },
    oidc: {
      issuer: env['OIDC_ISSUER'] ?? 'http://provider:4000',
      clientId: env['OIDC_CLIENT_ID'] ?? 'lab-app',
      clientSecret: required(env, 'OIDC_CLIENT_SECRET'),
      redirectUri: env['OIDC_REDIRECT_URI'] ?? 'http://app:3000/oauth/callback',
    },
    seedOnly: seedOnly(env),
  };
}

/**
 * The sandbox secret is 144 random bits, shorter than the 256-bit key HS256 wants (RFC 7518 §3.2);
 * HKDF stretches it into a key of the right length without pretending to add entropy.
 */
export function deriveJwtKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'backend-lab', 'auth example: access tokens (HS256)', 32));
}

function seedOnly(env: Env): boolean {
  const raw = env['LAB_APP_SEED_ONLY'];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError('LAB_APP_SEED_ONLY must be true or false');
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer`);
  return value;
}
