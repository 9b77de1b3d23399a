import { loadAppConfig } from './config';

describe('loadAppConfig', () => {
  const DATABASE_URL = 'postgresql://student:p%40ss@postgres:5432/bookstore';

  it('reads the PostgreSQL URL into connection settings, with defaults for the rest', () => {
    expect(loadAppConfig({ DATABASE_URL })).toEqual({
      port: 3000,
      postgres: { host: 'postgres', port: 5432, user: 'student', password: 'p@ss', database: 'bookstore' },
      seed: { seed: 2024, size: 3 },
      seedOnly: false,
    });
  });

  it('runs seed-only (an image build baking the seed) only when LAB_APP_SEED_ONLY=true', () => {
    expect(loadAppConfig({ DATABASE_URL, LAB_APP_SEED_ONLY: 'true' }).seedOnly).toBe(true);
    expect(loadAppConfig({ DATABASE_URL, LAB_APP_SEED_ONLY: '' }).seedOnly).toBe(false);
    expect(() => loadAppConfig({ DATABASE_URL, LAB_APP_SEED_ONLY: '1' })).toThrow(/LAB_APP_SEED_ONLY/);
  });

  it('adds the admin (its credentials only) when DATABASE_ADMIN_URL is set', () => {
    expect(
      loadAppConfig({ DATABASE_URL, DATABASE_ADMIN_URL: 'postgresql://lab_admin:s%3Acret@postgres:5432/postgres' })
        .postgres.admin,
    ).toEqual({ user: 'lab_admin', password: 's:cret' });
    expect(loadAppConfig({ DATABASE_URL, DATABASE_ADMIN_URL: '' }).postgres.admin).toBeUndefined();
  });

  it('adds MongoDB only when MONGO_URL is set (an empty value counts as unset)', () => {
    expect(loadAppConfig({ DATABASE_URL, MONGO_URL: '' }).mongo).toBeUndefined();
    expect(loadAppConfig({ DATABASE_URL, MONGO_URL: 'mongodb://mongo:27017/shop?replicaSet=rs0' }).mongo).toEqual({
      url: 'mongodb://mongo:27017/shop?replicaSet=rs0',
      database: 'shop',
    });
    expect(loadAppConfig({ DATABASE_URL, MONGO_URL: 'mongodb://mongo:27017' }).mongo?.database).toBe('bookstore');
  });

  it.each([
    [{}, /DATABASE_URL: is required/],
    [{ DATABASE_URL: 'mysql://x@db/shop' }, /DATABASE_URL: must be a postgresql/],
    [{ DATABASE_URL: 'postgresql://x@db' }, /DATABASE_URL: must name a database/],
    [{ DATABASE_URL, PORT: '0' }, /PORT/],
    [{ DATABASE_URL, SEED_SIZE: '1000' }, /SEED_SIZE/],
    [{ DATABASE_URL, MONGO_URL: 'http://mongo' }, /MONGO_URL: must be a mongodb/],
  ])('refuses %j', (environment, message) => expect(() => loadAppConfig(environment)).toThrow(message));
});
