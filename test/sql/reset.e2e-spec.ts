import { generateBookstore, mostWishedBook } from '@lab/seed';
import {
  changeBookPrice,
  changeBookPriceDocument,
  checksumDatabase,
  createCustomer,
  DatabaseChecksum,
  hasSeedTemplate,
  openBookstore,
  openBookstoreIfKept,
  placeOrder,
  prepareBoot,
  resetFromSeedTemplate,
  saveSeedTemplate,
  seedBookstore,
  SqlConnectionConfig,
} from '@lab/sql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestLab } from '../support/lab-runtime';
import { provisionBookstorePostgres } from './support/bookstore-postgres';

/** Reset = drop the working database and clone it from a template of the seed, in the same container. */
describe('sql: reset to the seed from a template database', () => {
  const lab = createTestLab();
  const store = generateBookstore({ seed: 7, size: 10 });
  let config: SqlConnectionConfig;
  let provisionMs: number;
  let seeded: DatabaseChecksum;
  let db: DataSource | undefined;

  beforeAll(async () => {
    ({ config, provisionMs } = await provisionBookstorePostgres(lab, 'sql-reset'));
    const seeding = await openBookstore(config);
    await seedBookstore(seeding, store);
    seeded = await checksumDatabase(seeding);
    await seeding.destroy();
    expect(await hasSeedTemplate(config)).toBe(false);
    await saveSeedTemplate(config);
  });
  afterAll(async () => {
    await db?.destroy();
    await lab.reap();
  });

  it('fingerprints every table and sequence of the seed', () => {
    expect(seeded.tables['public.orders']!.rows).toBe(store.orders.length);
    expect(seeded.tables['public.order_lines']!.rows).toBe(store.orders.flatMap((o) => o.lines).length);
    expect(seeded.tables['docs.orders']!.rows).toBe(store.orders.length);
    expect(seeded.tables['public.migrations']!.rows).toBe(2);
    for (const { md5 } of Object.values(seeded.tables)) expect(md5).toMatch(/^[0-9a-f]{32}$/);
    expect(seeded.sequences['public.orders_id_seq']).toBe(String(store.orders.length + 1));
  });

  it('sees every change in the checksum, then restores the exact seed, with a pool left open', async () => {
    db = await openBookstore(config);
    const bookId = mostWishedBook(store);
    const inStock = store.books.find((b) => b.stock > 0)!;
    await placeOrder(db, { customerId: 1, lines: [{ bookId: inStock.id, quantity: 1 }] });
    await changeBookPrice(db, bookId, 1);
    await changeBookPriceDocument(db, bookId, 1);
    await createCustomer(db, { name: 'Late', email: 'late@example.org', city: 'Porto' });
    const changed = await checksumDatabase(db);
    const differing = Object.keys(seeded.tables).filter((t) => seeded.tables[t]!.md5 !== changed.tables[t]!.md5);
    expect(differing.sort()).toEqual([
      'docs.books',
      'docs.customers',
      'public.books',
      'public.customers',
      'public.order_lines',
      'public.orders',
    ]);

    const timings: number[] = [];
    for (let i = 0; i < 5; i++) timings.push((await resetFromSeedTemplate(config)).ms);
    // The pool's connections were cut by DROP … WITH (FORCE); the next query opens fresh ones.
    expect(await checksumDatabase(db)).toEqual(seeded);

    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `reset (size ${store.size}: ${store.orders.length} orders): ` +
        `median ${sorted[2]!.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms, max ${sorted[4]!.toFixed(1)} ms; ` +
        `container provisioning to ready: ${provisionMs.toFixed(0)} ms`,
    );
  });

  it('resets again after a second round of changes (the template is never touched)', async () => {
    db ??= await openBookstore(config);
    await db.query(`DELETE FROM docs.orders`);
    await db.query(`TRUNCATE order_lines`);
    expect(await checksumDatabase(db)).not.toEqual(seeded);
    await resetFromSeedTemplate(config);
    expect(await checksumDatabase(db)).toEqual(seeded);
  });

  it('replaces the template when the seed is saved again', async () => {
    await db?.destroy();
    db = undefined;
    await saveSeedTemplate(config);
    expect(await hasSeedTemplate(config)).toBe(true);
    await resetFromSeedTemplate(config);
    db = await openBookstore(config);
    expect(await checksumDatabase(db)).toEqual(seeded);
  });

  it('prepares a boot in one admin session: the student’s role made, what exists found', async () => {
    const student = {
      ...config,
      user: 'boot_student',
      password: 'boot-pw-1',
      admin: { user: config.user, password: config.password },
    };
    expect(await prepareBoot(student)).toEqual({ templateSaved: true, databaseExists: true });
    // The role exists with that password and owns the working database.
    const client = new Client({
      host: config.host,
      port: config.port,
      user: student.user,
      password: student.password,
      database: config.database,
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ owner: string }>(
        `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`,
      );
      expect(rows[0]!.owner).toBe('boot_student');
    } finally {
      await client.end();
    }
    expect(await prepareBoot({ ...student, database: 'not_here' })).toEqual({
      templateSaved: false,
      databaseExists: false,
    });
  });

  describe('the kept path as the student alone (openBookstoreIfKept)', () => {
    /** An admin that cannot log in: any admin session would fail the call. */
    const noAdmin = { user: 'no_such_admin', password: 'no-such-password' };
    const sessionsOn = async (database: string) => {
      const client = new Client({ ...config, database: 'postgres' });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database],
        );
        return rows[0]!.n;
      } finally {
        await client.end();
      }
    };

    it('opens the seeded bookstore, up to date, when the login works and the template exists', async () => {
      const kept = await openBookstoreIfKept({ ...config, admin: noAdmin });
      expect(kept?.isInitialized).toBe(true);
      try {
        expect(await checksumDatabase(kept!)).toEqual(seeded);
      } finally {
        await kept?.destroy();
      }
    });

    it('leaves it to the admin when the login is refused: wrong password, no such database', async () => {
      expect(await openBookstoreIfKept({ ...config, password: 'not-the-password', admin: noAdmin })).toBeUndefined();
      expect(await openBookstoreIfKept({ ...config, database: 'not_here', admin: noAdmin })).toBeUndefined();
    });

    it('leaves it to the admin when the seed was never frozen, and keeps no session open', async () => {
      const admin = new Client({ ...config, database: 'postgres' });
      await admin.connect();
      try {
        await admin.query('DROP DATABASE IF EXISTS never_frozen');
        await admin.query('CREATE DATABASE never_frozen');
      } finally {
        await admin.end();
      }
      expect(await openBookstoreIfKept({ ...config, database: 'never_frozen', admin: noAdmin })).toBeUndefined();
      expect(await sessionsOn('never_frozen')).toBe(0);
    });

    it('throws what is not a refused login (a server not listening): the boot tries again', async () => {
      await expect(openBookstoreIfKept({ ...config, host: '127.0.0.1', port: 1 })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    });
  });
});
