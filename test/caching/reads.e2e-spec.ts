import {
  cacheAside,
  cacheKey,
  CacheStats,
  NOT_FOUND_MARKER,
  ReadThroughCache,
  timed,
  updateThenInvalidate,
  VersionedNamespace,
} from '@lab/caching';
import { bookLoader, bookRow, startCachingLab, untilGone, type Book, type CachingLab } from './caching-lab';

/** Cache-aside, read-through, TTLs, invalidation and negative caching against real Redis + PostgreSQL. */
describe('caching: reads', () => {
  let lab: CachingLab;

  beforeAll(async () => {
    lab = await startCachingLab('cache-reads');
  });
  afterAll(() => lab?.close());

  it('cache-aside: the first read misses and loads, the second is a hit; the TTL is in Redis', async () => {
    const loader = bookLoader(lab.pg);
    const key = cacheKey('shop', 'book', 1);
    const read = () => cacheAside<Book>({ redis: lab.redis, key, ttlMs: 60_000, load: () => loader.load(1) });

    const first = await read();
    expect(first).toMatchObject({ outcome: 'miss', via: 'loader', value: { id: 1, title: 'Book 1' } });
    const second = await read();
    expect(second).toMatchObject({ outcome: 'hit', via: 'cache', value: first.value });
    expect(loader.loads).toBe(1);

    const pttl = await lab.redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(JSON.parse((await lab.redis.get(key))!)).toEqual(first.value);
  });

  it('read-through: the cache owns the loader; callers only get(id)', async () => {
    const loader = bookLoader(lab.pg);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'book-rt', id),
      load: loader.load,
      ttlMs: 30_000,
    });
    expect(await books.get(2)).toMatchObject({ outcome: 'miss', via: 'loader', value: { id: 2 } });
    expect(await books.get(2)).toMatchObject({ outcome: 'hit', via: 'cache', value: { id: 2 } });
    expect(loader.loads).toBe(1);
    const pttl = await lab.redis.pttl('shop:book-rt:2');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
  });

  it('an update invalidates: the next read misses and sees the new row', async () => {
    const loader = bookLoader(lab.pg);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'book-upd', id),
      load: loader.load,
      ttlMs: 60_000,
    });
    await books.get(3);
    expect((await books.get(3)).outcome).toBe('hit');

    await books.updateThenInvalidate(3, () => lab.pg.query("UPDATE books SET title = 'Renamed' WHERE id = 3"));
    expect(await lab.redis.exists('shop:book-upd:3')).toBe(0);
    expect(await books.get(3)).toMatchObject({ outcome: 'miss', value: { id: 3, title: 'Renamed' } });
    expect(await books.get(3)).toMatchObject({ outcome: 'hit', value: { title: 'Renamed' } });
    expect(loader.loads).toBe(2);

    // The same, spelled out for cache-aside.
    const key = cacheKey('shop', 'book-upd-aside', 3);
    const read = () => cacheAside<Book>({ redis: lab.redis, key, ttlMs: 60_000, load: () => bookRow(lab.pg, 3) });
    await read();
    await updateThenInvalidate(lab.redis, key, () => lab.pg.query("UPDATE books SET title = 'Again' WHERE id = 3"));
    expect(await read()).toMatchObject({ outcome: 'miss', value: { title: 'Again' } });
  });

  it('without an update, a stale copy survives until its TTL: invalidation is what fixes it', async () => {
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'book-stale', id),
      load: (id) => bookRow(lab.pg, id),
      ttlMs: 60_000,
    });
    await books.get(4);
    await lab.pg.query("UPDATE books SET title = 'Changed behind the cache' WHERE id = 4");
    expect(await books.get(4)).toMatchObject({ outcome: 'hit', value: { title: 'Book 4' } });
    await books.invalidate(4);
    expect(await books.get(4)).toMatchObject({ outcome: 'miss', value: { title: 'Changed behind the cache' } });
  });

  it('negative caching: "not found" is remembered for the shorter TTL, then expires', async () => {
    const loader = bookLoader(lab.pg);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'book-neg', id),
      load: loader.load,
      ttlMs: 600_000,
      // Long enough for any machine to do the three round trips below; its end is forced (PEXPIRE).
      negativeTtlMs: 60_000,
    });
    const id = 5_000;
    expect(await books.get(id)).toEqual({
      key: 'shop:book-neg:5000',
      outcome: 'miss',
      via: 'loader',
      value: undefined,
    });
    expect(await books.get(id)).toEqual({ key: 'shop:book-neg:5000', outcome: 'hit', via: 'cache', value: undefined });
    expect(loader.loads).toBe(1);
    expect(await lab.redis.get('shop:book-neg:5000')).toBe(NOT_FOUND_MARKER);
    const pttl = await lab.redis.pttl('shop:book-neg:5000');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);

    // The row appears; the remembered "not found" hides it only until it expires.
    await lab.pg.query("INSERT INTO books (id, title) VALUES (5000, 'Late arrival')");
    expect(await books.get(id)).toMatchObject({ outcome: 'hit', value: undefined });
    await lab.redis.pexpire('shop:book-neg:5000', 1); // the negative TTL runs out
    await untilGone(lab.redis, 'shop:book-neg:5000');
    expect(await books.get(id)).toMatchObject({ outcome: 'miss', via: 'loader', value: { title: 'Late arrival' } });
    expect(await lab.redis.pttl('shop:book-neg:5000')).toBeGreaterThan(60_000); // the positive TTL
    expect(loader.loads).toBe(2);
  });

  it('without a negative TTL, "not found" is not cached and every read goes to the source', async () => {
    const loader = bookLoader(lab.pg);
    const key = cacheKey('shop', 'book-noneg', 9_999);
    const read = () => cacheAside<Book>({ redis: lab.redis, key, ttlMs: 60_000, load: () => loader.load(9_999) });
    expect((await read()).outcome).toBe('miss');
    expect((await read()).outcome).toBe('miss');
    expect(loader.loads).toBe(2);
    expect(await lab.redis.exists(key)).toBe(0);
  });

  it('a versioned namespace invalidates every key at once by bumping its version', async () => {
    const namespace = new VersionedNamespace(lab.redis, 'catalog');
    const loader = bookLoader(lab.pg);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => namespace.key('book', id),
      load: loader.load,
      ttlMs: 60_000,
    });
    for (const id of [10, 11, 12]) await books.get(id);
    for (const id of [10, 11, 12])
      expect(await books.get(id)).toMatchObject({ outcome: 'hit', key: `catalog@v0:book:${id}` });

    expect(await namespace.bump()).toBe(1);
    for (const id of [10, 11, 12])
      expect(await books.get(id)).toMatchObject({ outcome: 'miss', key: `catalog@v1:book:${id}` });
    expect(loader.loads).toBe(6);
    // The old generation is unread, not deleted: it leaves with its TTL.
    expect(await lab.redis.pttl('catalog@v0:book:10')).toBeGreaterThan(0);
  });

  it('statistics: hit ratio, and latency of hits, misses and the uncached source', async () => {
    const stats = new CacheStats();
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'book-stats', id),
      load: (id) => bookRow(lab.pg, id),
      ttlMs: 60_000,
      stats,
    });
    // 20 distinct ids read 10 times each: 20 misses, 180 hits.
    for (let round = 0; round < 10; round++) for (let id = 21; id <= 40; id++) await books.get(id);
    for (let round = 0; round < 10; round++) {
      for (let id = 21; id <= 40; id++) stats.recordUncached((await timed(() => bookRow(lab.pg, id))).ms);
    }
    const snapshot = stats.snapshot();
    expect(snapshot).toMatchObject({ hits: 180, misses: 20, reads: 200, hitRatio: 0.9 });
    expect(snapshot.latencyMs.hit!.count).toBe(180);
    expect(snapshot.latencyMs.miss!.count).toBe(20);
    expect(snapshot.latencyMs.uncached!.count).toBe(200);
    console.log(`caching figures (ms, loopback): ${JSON.stringify(snapshot.latencyMs)}`);
  });
});
