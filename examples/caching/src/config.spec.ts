import { loadConfig, postgresFromUrl } from './config';

const base = {
  DATABASE_URL: 'postgresql://student:p%40ss@postgres:5432/shop',
  REDIS_URL: 'redis://:secret@redis:6379',
};

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(base)).toEqual({
      port: 3000,
      postgres: { host: 'postgres', port: 5432, user: 'student', password: 'p@ss', database: 'shop', poolSize: 20 },
      redisUrl: 'redis://:secret@redis:6379',
      slowQueryMs: 200,
      productTtlMs: 300_000,
      negativeTtlMs: 60_000,
      lock: { ttlMs: 10_000, pollIntervalMs: 10 },
      writeBehind: { batchSize: 100, flushIntervalMs: 30_000 },
      seedOnly: false,
    });
  });

  it('runs seed-only (an image build baking the seed) only when LAB_APP_SEED_ONLY=true', () => {
    expect(loadConfig({ ...base, LAB_APP_SEED_ONLY: 'true' }).seedOnly).toBe(true);
    expect(loadConfig({ ...base, LAB_APP_SEED_ONLY: '' }).seedOnly).toBe(false);
    expect(() => loadConfig({ ...base, LAB_APP_SEED_ONLY: 'yes' })).toThrow(/LAB_APP_SEED_ONLY/);
  });

  it('reads every setting; WRITE_BEHIND_FLUSH_MS=0 turns the timer off', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      SLOW_QUERY_MS: '0',
      PRODUCT_TTL_MS: '5000',
      NEGATIVE_TTL_MS: '1000',
      WRITE_BEHIND_BATCH: '3',
      WRITE_BEHIND_FLUSH_MS: '0',
    });
    expect(config).toMatchObject({ port: 8080, slowQueryMs: 0, productTtlMs: 5000, negativeTtlMs: 1000 });
    expect(config.writeBehind).toEqual({ batchSize: 3, flushIntervalMs: undefined });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://a:b@h/db' }, 'DATABASE_URL: must be a postgresql:// URL'],
    [{ REDIS_URL: 'http://redis' }, 'REDIS_URL: must be a redis:// URL'],
    [{ PRODUCT_TTL_MS: '0' }, 'PRODUCT_TTL_MS'],
    [{ SLOW_QUERY_MS: 'slow' }, 'SLOW_QUERY_MS'],
    [{ PRODUCT_TTL_MS: '1000', NEGATIVE_TTL_MS: '2000' }, 'NEGATIVE_TTL_MS must not exceed PRODUCT_TTL_MS'],
  ])('refuses %j', (change, message) => {
    expect(() => loadConfig({ ...base, ...change })).toThrow(message);
  });
});

describe('postgresFromUrl', () => {
  it('defaults the port and needs a database', () => {
    expect(postgresFromUrl('postgres://u:p@db/x')).toMatchObject({ host: 'db', port: 5432, database: 'x' });
    expect(() => postgresFromUrl('postgresql://u:p@db')).toThrow('needs a user and a database');
  });

  it('takes only the credentials of the admin URL (the admin works on the same server)', () => {
    expect(
      loadConfig({ ...base, DATABASE_ADMIN_URL: 'postgresql://lab_admin:a%2Fb@postgres:5432/postgres' }).postgres,
    ).toEqual({
      host: 'postgres',
      port: 5432,
      user: 'student',
      password: 'p@ss',
      database: 'shop',
      poolSize: 20,
      admin: { user: 'lab_admin', password: 'a/b' },
    });
    expect(() => loadConfig({ ...base, DATABASE_ADMIN_URL: 'mysql://root:x@db/x' })).toThrow(
      'DATABASE_ADMIN_URL: must be a postgresql:// URL',
    );
  });
});
