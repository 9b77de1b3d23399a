import {
  cacheAside,
  cacheKey,
  lockKeyFor,
  ReadThroughCache,
  RedisLock,
  SingleFlightTimeoutError,
  type CacheRead,
  type SingleFlightOptions,
} from '@lab/caching';
import { bookLoader, startCachingLab, untilGone, type Book, type CachingLab } from './caching-lab';

const READERS = 50;
const SLOW_QUERY_SECONDS = 0.2;
/** READERS readers, every other one on the second instance. */
const alternate = <T>(a: T, b: T): T[] => Array.from({ length: READERS }, (_, i) => (i % 2 === 0 ? a : b));
/** A loader's answer that fails the first attempt only. */
const firstFails = <T>(attempt: number, value: T): T => {
  if (attempt === 1) throw new Error('database hiccup');
  return value;
};
const singleFlight: SingleFlightOptions = { lockTtlMs: 5_000, pollIntervalMs: 10, maxWaitMs: 10_000 };

/** Stampede protection: many concurrent readers of a cold key, a slow PostgreSQL query, one load. */
describe('caching: stampede protection', () => {
  let lab: CachingLab;

  beforeAll(async () => {
    lab = await startCachingLab('cache-stampede');
  });
  afterAll(() => lab?.close());

  const tally = (reads: CacheRead<Book>[]) =>
    reads.reduce<Record<string, number>>(
      (counts, read) => ({ ...counts, [read.via]: (counts[read.via] ?? 0) + 1 }),
      {},
    );

  it('unprotected cache-aside: concurrent readers of a cold key all go to the database', async () => {
    const loader = bookLoader(lab.pg, SLOW_QUERY_SECONDS);
    const key = cacheKey('stampede', 'aside', 1);
    const started = performance.now();
    const reads = await Promise.all(
      Array.from({ length: READERS }, () =>
        cacheAside<Book>({ redis: lab.redis, key, ttlMs: 60_000, load: () => loader.load(1) }),
      ),
    );
    const ms = Math.round(performance.now() - started);
    expect(reads.every((read) => read.value?.id === 1)).toBe(true);
    expect(loader.loads).toBeGreaterThan(1); // the stampede the next tests prevent
    console.log(`stampede, unprotected: ${READERS} readers -> ${loader.loads} loads in ${ms} ms`);
  });

  it('in-process coalescing alone: 50 concurrent reads, one load', async () => {
    const loader = bookLoader(lab.pg, SLOW_QUERY_SECONDS);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('stampede', 'coalesced', id),
      load: loader.load,
      ttlMs: 60_000,
    });
    const reads = await Promise.all(Array.from({ length: READERS }, () => books.get(2)));
    expect(loader.loads).toBe(1);
    expect(tally(reads)).toEqual({ loader: 1, coalesced: READERS - 1 });
    expect(reads).toEqual(
      reads.map(() => expect.objectContaining({ outcome: 'miss', value: expect.objectContaining({ id: 2 }) })),
    );
  });

  it('the Redis lock alone (no coalescing): 50 concurrent reads, one load, the rest wait for it', async () => {
    const loader = bookLoader(lab.pg, SLOW_QUERY_SECONDS);
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('stampede', 'locked', id),
      load: loader.load,
      ttlMs: 60_000,
      coalesce: false,
      singleFlight,
    });
    const reads = await Promise.all(Array.from({ length: READERS }, () => books.get(3)));
    expect(loader.loads).toBe(1);
    expect(tally(reads)).toEqual({ loader: 1, peer: READERS - 1 });
    expect(reads.every((read) => read.value?.id === 3)).toBe(true);
    expect(await lab.redis.exists(lockKeyFor('stampede:locked:3'))).toBe(0); // released after the load
  });

  it('two app instances (two ioredis clients): 50 concurrent reads across both, one load', async () => {
    const loader = bookLoader(lab.pg, SLOW_QUERY_SECONDS);
    const [redisA, redisB] = await Promise.all([lab.connectRedis(), lab.connectRedis()]);
    const instance = (redis: typeof redisA) =>
      new ReadThroughCache<number, Book>({
        redis,
        key: (id) => cacheKey('stampede', 'two-instances', id),
        load: loader.load,
        ttlMs: 60_000,
        negativeTtlMs: 5_000,
        singleFlight,
      });
    const [a, b] = [instance(redisA), instance(redisB)];

    const started = performance.now();
    const reads = await Promise.all(alternate(a, b).map((cache) => cache.get(4)));
    const ms = Math.round(performance.now() - started);
    expect(loader.loads).toBe(1);
    expect(reads).toEqual(
      reads.map(() => expect.objectContaining({ outcome: 'miss', value: expect.objectContaining({ id: 4 }) })),
    );
    // One instance loaded; the other's first reader waited on the lock ('peer'), the rest joined in-process.
    expect(tally(reads)).toEqual({ loader: 1, peer: 1, coalesced: READERS - 2 });
    expect(await a.get(4)).toMatchObject({ outcome: 'hit' });
    expect(await b.get(4)).toMatchObject({ outcome: 'hit' });
    console.log(`stampede, single-flight over 2 instances: ${READERS} readers -> ${loader.loads} load in ${ms} ms`);

    // A missing id, with negative caching: still one load for everyone.
    const before = loader.loads;
    const missing = await Promise.all(alternate(a, b).map((cache) => cache.get(123_456)));
    expect(loader.loads - before).toBe(1);
    expect(missing.every((read) => read.value === undefined)).toBe(true);
  });

  it('a waiter gives up after maxWaitMs: throws, or loads by itself, as configured', async () => {
    const key = cacheKey('stampede', 'stuck', 5);
    // A holder that never finishes: its lock is there, the value never comes.
    await lab.redis.set(lockKeyFor(key), 'someone-else', 'PX', 60_000);
    const loader = bookLoader(lab.pg);
    const options = { redis: lab.redis, key: () => key, load: loader.load, ttlMs: 60_000 };

    const impatient = new ReadThroughCache<number, Book>({
      ...options,
      singleFlight: { ...singleFlight, maxWaitMs: 200, onWaitTimeout: 'throw' },
    });
    await expect(impatient.get(5)).rejects.toThrow(SingleFlightTimeoutError);
    expect(loader.loads).toBe(0);

    const pragmatic = new ReadThroughCache<number, Book>({
      ...options,
      singleFlight: { ...singleFlight, maxWaitMs: 200 },
    });
    expect(await pragmatic.get(5)).toMatchObject({ outcome: 'miss', via: 'loader', value: { id: 5 } });
    expect(loader.loads).toBe(1);
    expect(await lab.redis.get(lockKeyFor(key))).toBe('someone-else'); // never touched another's lock
  });

  it('a failed load releases the lock, the failure reaches every joiner, and the next read retries', async () => {
    let attempts = 0;
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('stampede', 'failing', id),
      load: async (id) => {
        attempts++;
        return firstFails(attempts, { id, title: 'Recovered', stock: 0 });
      },
      ttlMs: 60_000,
      singleFlight,
    });
    const reads = await Promise.allSettled(Array.from({ length: 10 }, () => books.get(6)));
    expect(reads.map((r) => r.status)).toEqual(Array(10).fill('rejected'));
    expect(reads.map((r) => String((r as PromiseRejectedResult).reason))).toEqual(
      Array(10).fill(expect.stringContaining('database hiccup')),
    );
    expect(await lab.redis.exists(lockKeyFor('stampede:failing:6'))).toBe(0);
    expect(await books.get(6)).toMatchObject({ outcome: 'miss', via: 'loader', value: { title: 'Recovered' } });
    expect(attempts).toBe(2);
  });

  it('lock release is compare-and-delete: an expired holder cannot delete the next holder’s lock', async () => {
    const [redisA, redisB] = await Promise.all([lab.connectRedis(), lab.connectRedis()]);
    const [locksA, locksB] = [new RedisLock(redisA), new RedisLock(redisB)];
    const key = 'stampede:report:1:lock';

    // A long TTL whatever the machine's speed; the expiry is forced below.
    const first = await locksA.tryAcquire(key, 60_000);
    expect(first).toBeDefined();
    expect(await locksB.tryAcquire(key, 10_000)).toBeUndefined(); // held: NX refuses
    const pttl = await lab.redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);

    await lab.redis.pexpire(key, 1); // the first holder was too slow: its lock expired
    await untilGone(lab.redis, key);
    const second = await locksB.tryAcquire(key, 10_000);
    expect(second).toBeDefined();

    expect(await locksA.release(first!)).toBe(false); // the late release of the first holder…
    expect(await lab.redis.get(key)).toBe(second!.token); // …left the second holder's lock alone
    expect(await locksB.release(second!)).toBe(true);
    expect(await lab.redis.exists(key)).toBe(0);
  });
});
