import {
  cacheKey,
  checksumRedis,
  checksumSeed,
  ReadThroughCache,
  resetRedis,
  seedSnapshot,
  snapshotRedis,
  UnsupportedRedisTypeError,
  VersionedNamespace,
  type RedisSeed,
} from '@lab/caching';
import { startCachingLab, type Book, type CachingLab } from './caching-lab';

/** What the caching example seeds Redis with (a little of every type, one key with a TTL). */
const seed: RedisSeed = [
  { type: 'string', key: 'shop:config:currency', value: 'EUR' },
  { type: 'string', key: 'shop:session:ada', value: '{"user":"ada"}', ttlMs: 3_600_000 },
  { type: 'hash', key: 'shop:book:1', fields: { title: 'SQL Antipatterns', year: '2010', stock: '3' } },
  { type: 'list', key: 'shop:recent', items: ['3', '1', '2'] },
  { type: 'set', key: 'shop:tags', members: ['sql', 'nosql', 'caching'] },
  {
    type: 'zset',
    key: 'shop:bestsellers',
    members: [
      { member: 'book:1', score: 120 },
      { member: 'book:2', score: 80.5 },
      { member: 'book:3', score: 0.1 },
    ],
  },
];

/** Reset support: flush and reseed, and a checksum that proves the seed is back exactly. */
describe('caching: reset', () => {
  let lab: CachingLab;

  beforeAll(async () => {
    lab = await startCachingLab('cache-reset');
  });
  afterAll(() => lab?.close());

  it('after a reset, the database checksums exactly like the seed', async () => {
    await lab.redis.set('leftover', 'from before');
    await resetRedis(lab.redis, seed);
    expect(await snapshotRedis(lab.redis)).toEqual(seedSnapshot(seed)); // a readable diff if it ever fails
    expect(await checksumRedis(lab.redis)).toBe(checksumSeed(seed));
    expect(await lab.redis.exists('leftover')).toBe(0);
  });

  it('change data, reset, and the checksum equals the seed’s again', async () => {
    await resetRedis(lab.redis, seed);
    const seeded = await checksumRedis(lab.redis);

    // A lesson's worth of changes: values, fields, order, TTLs, cache entries, a namespace bump.
    await lab.redis.set('shop:config:currency', 'USD');
    await lab.redis.hset('shop:book:1', 'stock', '2');
    await lab.redis.lpush('shop:recent', '4');
    await lab.redis.srem('shop:tags', 'nosql');
    await lab.redis.zincrby('shop:bestsellers', 1, 'book:3');
    await lab.redis.persist('shop:session:ada');
    await lab.redis.del('shop:book:1');
    const books = new ReadThroughCache<number, Book>({
      redis: lab.redis,
      key: (id) => cacheKey('shop', 'cached-book', id),
      load: async (id) => ({ id, title: `Book ${id}`, stock: 1 }),
      ttlMs: 60_000,
    });
    for (const id of [1, 2, 3]) await books.get(id);
    await new VersionedNamespace(lab.redis, 'catalog').bump();
    expect(await checksumRedis(lab.redis)).not.toBe(seeded);

    await resetRedis(lab.redis, seed);
    expect(await checksumRedis(lab.redis)).toBe(seeded);
    expect(seeded).toBe(checksumSeed(seed));
  });

  it('the checksum sees a TTL appear or disappear, but not the TTL counting down', async () => {
    await resetRedis(lab.redis, seed);
    const seeded = checksumSeed(seed);
    await lab.redis.pexpire('shop:session:ada', 1_800_000); // a different TTL, still a TTL
    expect(await checksumRedis(lab.redis)).toBe(seeded);
    await lab.redis.pexpire('shop:tags', 60_000);
    expect(await checksumRedis(lab.redis)).not.toBe(seeded);
    await lab.redis.persist('shop:tags');
    expect(await checksumRedis(lab.redis)).toBe(seeded);
  });

  it('does not depend on the client’s reply mapping (RESP3 maps and doubles)', async () => {
    await resetRedis(lab.redis, seed);
    const resp3 = await lab.connectRedis({ protocol: 3, replyMapping: 'resp3' });
    expect(await checksumRedis(resp3)).toBe(checksumSeed(seed));
  });

  it('walks a database larger than one SCAN page', async () => {
    const big: RedisSeed = Array.from({ length: 2_500 }, (_, i) => ({
      type: 'string' as const,
      key: `bulk:item:${i}`,
      value: `value ${i}`,
    }));
    await resetRedis(lab.redis, big);
    expect(await lab.redis.dbsize()).toBe(2_500);
    expect(await checksumRedis(lab.redis)).toBe(checksumSeed(big));
  });

  it('refuses to checksum a type it cannot put in canonical form, rather than ignore it', async () => {
    await resetRedis(lab.redis, seed);
    await lab.redis.xadd('shop:events', '*', 'kind', 'sale');
    await expect(checksumRedis(lab.redis)).rejects.toThrow(UnsupportedRedisTypeError);
  });
});
