import { ConfigError, deriveJwtKey, loadAuthConfig } from './config';

const env = {
  DATABASE_URL: 'postgresql://student:p%40ss@postgres:5432/auth',
  REDIS_URL: 'redis://:s3cret@redis:6379',
  JWT_SECRET: 'a-sandbox-secret-of-144-bits',
  OIDC_CLIENT_SECRET: 'client-secret',
};

describe('loadAuthConfig', () => {
  it('reads the manifest env, with the sandbox defaults for the rest', () => {
    const config = loadAuthConfig(env);
    expect(config.port).toBe(3000);
    expect(config.postgres).toEqual({
      host: 'postgres',
      port: 5432,
      user: 'student',
      password: 'p@ss',
      database: 'auth',
    });
    expect(config.redis).toEqual({ host: 'redis', port: 6379, password: 's3cret' });
    expect(config.jwt).toMatchObject({ issuer: 'urn:backend-lab:auth', audience: 'auth-api', accessTtlSeconds: 300 });
    expect(config.loginLimit).toEqual({ maxAttempts: 5, windowSeconds: 60 });
    expect(config.oidc).toEqual({
      issuer: 'http://provider:4000',
      clientId: 'lab-app',
      clientSecret: 'client-secret',
      redirectUri: 'http://app:3000/oauth/callback',
    });
    expect(config.sessions.secureCookie).toBe(false);
  });

  it('refuses missing or malformed settings with the variable named', () => {
    expect(() => loadAuthConfig({ ...env, DATABASE_URL: undefined })).toThrow(/DATABASE_URL is required/);
    expect(() => loadAuthConfig({ ...env, DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadAuthConfig({ ...env, REDIS_URL: 'http://redis' })).toThrow(/REDIS_URL/);
    expect(() => loadAuthConfig({ ...env, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadAuthConfig({ ...env, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadAuthConfig({ ...env, LOGIN_MAX_ATTEMPTS: '0' })).toThrow(/LOGIN_MAX_ATTEMPTS/);
  });

  it('reads the PostgreSQL admin and the Redis ACL user when the URLs carry them', () => {
    const config = loadAuthConfig({
      ...env,
      DATABASE_ADMIN_URL: 'postgresql://lab_admin:a%40b@postgres:5432/postgres',
      REDIS_URL: 'redis://lab_admin:r3dis@redis:6379',
    });
    expect(config.postgres.admin).toEqual({ user: 'lab_admin', password: 'a@b' });
    expect(config.redis).toEqual({ host: 'redis', port: 6379, username: 'lab_admin', password: 'r3dis' });
    expect(() => loadAuthConfig({ ...env, DATABASE_ADMIN_URL: 'redis://x@y' })).toThrow(/DATABASE_ADMIN_URL/);
  });

  it('derives a 256-bit HS256 key from the shorter sandbox secret, deterministically', () => {
    const key = deriveJwtKey('a-sandbox-secret-of-144-bits');
    expect(key.byteLength).toBe(32);
    expect(Buffer.from(key)).toEqual(Buffer.from(deriveJwtKey('a-sandbox-secret-of-144-bits')));
    expect(Buffer.from(key)).not.toEqual(Buffer.from(deriveJwtKey('another-sandbox-secret')));
  });

  it('runs seed-only (an image build baking the seed) only when LAB_APP_SEED_ONLY=true', () => {
    expect(loadAuthConfig(env).seedOnly).toBe(false);
    expect(loadAuthConfig({ ...env, LAB_APP_SEED_ONLY: 'true' }).seedOnly).toBe(true);
    expect(() => loadAuthConfig({ ...env, LAB_APP_SEED_ONLY: 'yes' })).toThrow(ConfigError);
  });
});
