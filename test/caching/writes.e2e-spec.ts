import {
  cacheKey,
  ReadThroughCache,
  WriteBehindCache,
  WriteBehindFlushError,
  WriteThroughCache,
  type PendingWrite,
} from '@lab/caching';
import type { Pool } from 'pg';
import { waitFor } from '../support/wait-for';
import { bookLoader, bookRow, startCachingLab, type Book, type CachingLab } from './caching-lab';

type BookFields = Omit<Book, 'id'>;

/** One multi-row upsert per batch: idempotent and atomic, as write-behind asks of its saver. */
async function upsertBooks(pg: Pool, writes: ReadonlyArray<PendingWrite<number, BookFields>>): Promise<void> {
  await pg.query(
    `INSERT INTO books (id, title, stock)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[])
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, stock = EXCLUDED.stock`,
    [writes.map((w) => w.id), writes.map((w) => w.value.title), writes.map((w) => w.value.stock)],
  );
}

/** Write-through and write-behind land in PostgreSQL; their failure modes behave as documented. */
/** A batch saver whose first call fails with `error()`, the next ones save. */
function failingOnce<W>(error: () => Error, save: (writes: W) => Promise<unknown>): (writes: W) => Promise<void> {
  let failed = false;
  return async (writes) => {
    if (!failed) {
      failed = true;
      throw error();
    }
    await save(writes);
  };
}

describe('caching: writes', () => {
  let lab: CachingLab;

  beforeAll(async () => {
    lab = await startCachingLab('cache-writes');
  });
  afterAll(() => lab?.close());

  const cacheOf = (entity: string, load: (id: number) => Promise<BookFields | undefined>) =>
    new ReadThroughCache<number, BookFields>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', entity, id),
      load,
      ttlMs: 60_000,
    });
  const fieldsOf = async (id: number): Promise<BookFields | undefined> => {
    const row = await bookRow(lab.pg, id);
    return row && { title: row.title, stock: row.stock };
  };

  it('write-through: the row lands in PostgreSQL and the next read is a hit with the new value', async () => {
    const loader = bookLoader(lab.pg);
    const books = new WriteThroughCache<number, BookFields>(
      cacheOf('book-wt', (id) => loader.load(id)),
      async (id, value) => {
        await lab.pg.query('UPDATE books SET title = $2, stock = $3 WHERE id = $1', [id, value.title, value.stock]);
      },
    );
    expect(await books.write(1, { title: 'Written through', stock: 9 })).toEqual({ cached: true });
    expect(await bookRow(lab.pg, 1)).toEqual({ id: 1, title: 'Written through', stock: 9 });
    expect(await books.get(1)).toMatchObject({ outcome: 'hit', value: { title: 'Written through', stock: 9 } });
    expect(loader.loads).toBe(0);
    expect(await lab.redis.pttl('shop:book-wt:1')).toBeGreaterThan(0);
  });

  it('write-through: when PostgreSQL refuses the write, the cache keeps the old value', async () => {
    const books = new WriteThroughCache<number, BookFields>(cacheOf('book-wt-refused', fieldsOf), async (id, value) => {
      await lab.pg.query('UPDATE books SET title = $2, stock = $3 WHERE id = $1', [id, value.title, value.stock]);
    });
    await books.get(2);
    await expect(books.write(2, { title: null as unknown as string, stock: 1 })).rejects.toThrow(/null value/);
    expect(await books.get(2)).toMatchObject({ outcome: 'hit', value: { title: 'Book 2' } });
    expect(await bookRow(lab.pg, 2)).toMatchObject({ title: 'Book 2' });
  });

  it('write-through: when the cache refuses after PostgreSQL accepted, the write stands (cached: false)', async () => {
    const unreachable = await lab.connectRedis({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    unreachable.on('error', () => undefined);
    unreachable.disconnect(); // the cache is down for this instance
    const cache = new ReadThroughCache<number, BookFields>({
      redis: unreachable,
      key: (id) => cacheKey('shop', 'book-wt-down', id),
      load: fieldsOf,
      ttlMs: 60_000,
    });
    const books = new WriteThroughCache<number, BookFields>(cache, async (id, value) => {
      await lab.pg.query('UPDATE books SET title = $2, stock = $3 WHERE id = $1', [id, value.title, value.stock]);
    });
    expect(await books.write(4, { title: 'Saved anyway', stock: 4 })).toEqual({ cached: false });
    expect(await bookRow(lab.pg, 4)).toEqual({ id: 4, title: 'Saved anyway', stock: 4 });
  });

  it('write-behind: writes reach the cache at once and PostgreSQL on flush, in batches, last write wins', async () => {
    const batches: number[][] = [];
    const books = new WriteBehindCache<number, BookFields>({
      cache: cacheOf('book-wb', fieldsOf),
      saveBatch: async (writes) => {
        batches.push(writes.map((w) => w.id));
        await upsertBooks(lab.pg, writes);
      },
      batchSize: 100,
    });
    for (let stock = 1; stock <= 10; stock++) await books.write(201, { title: 'New book', stock }); // ten writes, one id
    await books.write(202, { title: 'Another', stock: 1 });
    await books.write(3, { title: 'Book 3, revised', stock: 3 });

    expect(books.pendingCount).toBe(3);
    expect(await books.get(201)).toMatchObject({ outcome: 'hit', value: { stock: 10 } });
    expect(await bookRow(lab.pg, 201)).toBeUndefined(); // not in the source yet
    expect(await bookRow(lab.pg, 3)).toMatchObject({ title: 'Book 3' });

    expect(await books.flush()).toBe(3);
    expect(batches).toEqual([[201, 202, 3]]);
    expect(books.pendingCount).toBe(0);
    const { rows } = await lab.pg.query<Book>(
      'SELECT id, title, stock FROM books WHERE id IN (3, 201, 202) ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 3, title: 'Book 3, revised', stock: 3 },
      { id: 201, title: 'New book', stock: 10 },
      { id: 202, title: 'Another', stock: 1 },
    ]);
    expect(await books.flush()).toBe(0); // nothing left
  });

  it('write-behind: a full queue flushes by itself, in batches of batchSize', async () => {
    const batches: number[][] = [];
    const books = new WriteBehindCache<number, BookFields>({
      cache: cacheOf('book-wb-auto', fieldsOf),
      saveBatch: async (writes) => {
        batches.push(writes.map((w) => w.id));
        await upsertBooks(lab.pg, writes);
      },
      batchSize: 4,
    });
    for (let id = 301; id <= 309; id++) await books.write(id, { title: `Auto ${id}`, stock: 0 });
    await books.close(); // waits for the automatic flushes, then saves the rest
    expect(batches.flat().sort()).toEqual([301, 302, 303, 304, 305, 306, 307, 308, 309]);
    expect(batches.every((batch) => batch.length <= 4)).toBe(true);
    const { rows } = await lab.pg.query<{ n: string }>('SELECT count(*) AS n FROM books WHERE id BETWEEN 301 AND 309');
    expect(rows[0]!.n).toBe('9');
  });

  it('write-behind: a failed batch stays queued, flush() rejects, and the next flush lands it', async () => {
    const books = new WriteBehindCache<number, BookFields>({
      cache: cacheOf('book-wb-fail', fieldsOf),
      saveBatch: failingOnce(
        () => new Error('connection reset'),
        (writes) => upsertBooks(lab.pg, writes),
      ),
      batchSize: 100,
    });
    await books.write(401, { title: 'Patient', stock: 1 });
    await books.write(402, { title: 'Also patient', stock: 2 });

    const failure = await books.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteBehindFlushError);
    expect((failure as WriteBehindFlushError).stillPending).toBe(2);
    expect(((failure as Error).cause as Error).message).toBe('connection reset');
    expect(books.pendingCount).toBe(2);
    expect(await bookRow(lab.pg, 401)).toBeUndefined();

    // A newer write of a queued id, made before the retry, wins over the failed one.
    await books.write(402, { title: 'Also patient, edited', stock: 3 });
    expect(await books.flush()).toBe(2);
    expect(await bookRow(lab.pg, 401)).toEqual({ id: 401, title: 'Patient', stock: 1 });
    expect(await bookRow(lab.pg, 402)).toEqual({ id: 402, title: 'Also patient, edited', stock: 3 });
  });

  it('write-behind: the timer flushes without being asked', async () => {
    const flushed: number[] = [];
    const books = new WriteBehindCache<number, BookFields>({
      cache: cacheOf('book-wb-timer', fieldsOf),
      saveBatch: async (writes) => {
        await upsertBooks(lab.pg, writes);
        flushed.push(...writes.map((w) => w.id));
      },
      batchSize: 100,
      flushIntervalMs: 50,
    });
    await books.write(501, { title: 'On a timer', stock: 5 });
    await waitFor(() => flushed.length > 0, 10_000);
    await books.close();
    expect(flushed).toEqual([501]);
    expect(await bookRow(lab.pg, 501)).toEqual({ id: 501, title: 'On a timer', stock: 5 });
  });
});
