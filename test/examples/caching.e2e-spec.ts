import { checksumSeed, NOT_FOUND_MARKER } from '@lab/caching';
import { applyLabAction, runLabCheck } from '@lab/catalog';
import Redis from 'ioredis';
import { Client } from 'pg';
import { seedProducts } from '../../examples/caching/src/catalog/product';
import { CatalogSetup } from '../../examples/caching/src/lab/catalog-setup';
import { REDIS_SEED } from '../../examples/caching/src/lab/redis-seed';
import { createTestLab } from '../support/lab-runtime';
import {
  loadCachingExample,
  provisionCachingStores,
  startCachingApp,
  type CachingApp,
  type CachingStores,
} from './support/caching-app';

// The caching example end to end: its lab.yaml's PostgreSQL and Redis in real containers, the app
// booted in this process on them, every pattern asserted on exact values of the deterministic seed.
const lab = createTestLab();
const example = loadCachingExample(lab);
const SEED = seedProducts();
const seeded = (id: number) => SEED[id - 1]!;

let stores: CachingStores;
let api: CachingApp;
let redis: Redis;
let seedChecksum: { postgres: string; redis: string };

interface Sent {
  status: number;
  headers: Headers;
  // Answers are asserted field by field: typing each one would add nothing the assertions do not say.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function send(method: string, path: string, body?: unknown, base = api.base): Promise<Sent> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}
const get = (path: string) => send('GET', path);

/** A row as PostgreSQL has it, read with the student's credentials (not through the app). */
async function row(id: number): Promise<{ price_cents: number } | undefined> {
  const client = new Client({ connectionString: stores.connections.postgres });
  await client.connect();
  try {
    return (await client.query('SELECT price_cents FROM products WHERE id = $1', [id])).rows[0];
  } finally {
    await client.end();
  }
}

async function stats() {
  return (await get('/stats')).body;
}

beforeAll(async () => {
  stores = await provisionCachingStores(lab, example);
  // The manifest's settings (SLOW_QUERY_MS=200, TTLs), except the write-behind timer: flushes
  // happen when a test asks, never in the middle of one.
  api = await startCachingApp(stores, stores.config({ WRITE_BEHIND_FLUSH_MS: '0' }));
  redis = new Redis(stores.connections.redis);
  seedChecksum = (await get('/lab/checksum')).body as typeof seedChecksum;
}, 300_000);

afterAll(async () => {
  redis?.disconnect();
  await api?.close();
  await lab.reap();
});

describe('caching example: boot', () => {
  it('migrated, seeded both stores and saved the template on first boot, and is healthy', async () => {
    expect(api.app.get(CatalogSetup).report).toEqual({ migrations: [1], postgres: 'seeded', redis: 'seeded' });
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok', postgres: 'up', redis: 'up' } });
    expect(await redis.hgetall('lab:keys')).toEqual({
      'cache-aside': 'aside:product:<id>',
      'read-through': 'catalog:product:<id>',
      'single-flight lock': 'catalog:product:<id>:lock',
      'not-found marker': NOT_FOUND_MARKER,
    });
    // Redis holds exactly the seed: its checksum is the one computed from the seed alone.
    expect(seedChecksum.redis).toBe(checksumSeed(REDIS_SEED));
    expect(seedChecksum.postgres).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves its OpenAPI document at /docs', async () => {
    const ui = await fetch(`${api.base}/docs`);
    expect(ui.status).toBe(200);
    const document = (await get('/docs/openapi.json')).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/cache-aside/products/{id}',
        '/read-through/products/{id}',
        '/uncached/products/{id}',
        '/products/{id}',
        '/write-through/products/{id}',
        '/write-behind/products/{id}',
        '/write-behind/flush',
        '/stats',
        '/demo/stampede',
        '/lab/reset',
        '/lab/checksum',
        '/health',
      ]),
    );
  });
});

describe('caching example: patterns', () => {
  beforeEach(async () => {
    expect((await send('POST', '/lab/reset')).status).toBe(200);
  });

  it('cache-aside: the first read misses and loads, the second is a hit; both say so', async () => {
    const first = await get('/cache-aside/products/7');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(first.body).toMatchObject({
      product: seeded(7),
      cache: { route: 'cacheAside', key: 'aside:product:7', outcome: 'miss', via: 'loader' },
    });
    const second = await get('/cache-aside/products/7');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toMatchObject({ product: seeded(7), cache: { outcome: 'hit', via: 'cache' } });
    expect(JSON.parse((await redis.get('aside:product:7'))!)).toEqual(seeded(7));
    expect((await stats()).cacheAside).toMatchObject({ hits: 1, misses: 1, reads: 2, hitRatio: 0.5, databaseLoads: 1 });
  });

  it('TTL: a value lives PRODUCT_TTL_MS (300 000 ms), a "not found" NEGATIVE_TTL_MS (60 000 ms)', async () => {
    await get('/read-through/products/7');
    await get('/read-through/products/999');
    const valueTtl = await redis.pttl('catalog:product:7');
    const notFoundTtl = await redis.pttl('catalog:product:999');
    expect(valueTtl).toBeGreaterThan(300_000 - 30_000);
    expect(valueTtl).toBeLessThanOrEqual(300_000);
    expect(notFoundTtl).toBeGreaterThan(60_000 - 30_000);
    expect(notFoundTtl).toBeLessThanOrEqual(60_000);
  });

  it('read-through + invalidation: an update deletes every cached copy, the next read has the new price', async () => {
    await get('/read-through/products/3');
    await get('/cache-aside/products/3');
    expect((await get('/read-through/products/3')).headers.get('x-cache')).toBe('hit');

    const updated = await send('PATCH', '/products/3', { priceCents: 1999 });
    expect(updated).toMatchObject({
      status: 200,
      body: { product: { ...seeded(3), priceCents: 1999 }, invalidated: ['aside:product:3', 'catalog:product:3'] },
    });
    expect(await redis.exists('catalog:product:3', 'aside:product:3')).toBe(0);
    expect(await row(3)).toEqual({ price_cents: 1999 });

    const after = await get('/read-through/products/3');
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.body.product).toEqual({ ...seeded(3), priceCents: 1999 });
    expect((await get('/read-through/products/3')).body).toMatchObject({
      product: { priceCents: 1999 },
      cache: { outcome: 'hit' },
    });
    expect((await get('/cache-aside/products/3')).body.product.priceCents).toBe(1999);
  });

  it('stampede: 50 concurrent HTTP reads of a cold key run the slow query exactly once', async () => {
    expect(await redis.exists('catalog:product:42')).toBe(0);
    const reads = await Promise.all(Array.from({ length: 50 }, () => get('/read-through/products/42')));
    expect(reads.map((read) => read.status)).toEqual(Array(50).fill(200));
    expect(reads.map((read) => read.body.product)).toEqual(
      Array(50).fill(expect.objectContaining({ id: 42, priceCents: 6918 })),
    );
    const readThrough = (await stats()).readThrough;
    expect(readThrough.databaseLoads).toBe(1);
    expect(readThrough.reads).toBe(50);
    expect(reads.filter((read) => read.body.cache.via === 'loader')).toHaveLength(1);
    expect(await redis.exists('catalog:product:42:lock')).toBe(0); // released after the load
  });

  it('stampede demo: unprotected cache-aside loads many times, read-through once', async () => {
    const aside = await send('POST', '/demo/stampede', { route: 'cacheAside', id: 42, readers: 50 });
    expect(aside.status).toBe(200);
    expect(aside.body).toMatchObject({ route: 'cacheAside', key: 'aside:product:42', readers: 50 });
    expect(aside.body.databaseLoads).toBeGreaterThan(1);
    const through = await send('POST', '/demo/stampede', { route: 'readThrough', id: 42, readers: 50 });
    expect(through.body).toMatchObject({ route: 'readThrough', key: 'catalog:product:42', readers: 50 });
    expect(through.body.databaseLoads).toBe(1);
    expect(through.body.hits + through.body.misses).toBe(50);
    expect(through.body.via.loader).toBe(1);
    console.log(
      `stampede demo, 50 readers: cache-aside ${aside.body.databaseLoads} loads in ${aside.body.ms} ms, ` +
        `read-through ${through.body.databaseLoads} load in ${through.body.ms} ms`,
    );
  });

  it('negative caching: an unknown id is a 404 that says miss, then hit, with one database load', async () => {
    const first = await get('/read-through/products/999');
    expect(first.status).toBe(404);
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(first.body).toMatchObject({
      type: 'urn:backend-lab:caching:problem:product-not-found',
      status: 404,
      cache: { key: 'catalog:product:999', outcome: 'miss' },
    });
    const second = await get('/read-through/products/999');
    expect(second.status).toBe(404);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await redis.get('catalog:product:999')).toBe(NOT_FOUND_MARKER);
    expect((await stats()).readThrough).toMatchObject({ hits: 1, misses: 1, databaseLoads: 1 });

    // The uncached baseline has no memory: every unknown id costs a query.
    expect((await get('/uncached/products/999')).status).toBe(404);
    expect((await get('/uncached/products/999')).status).toBe(404);
    expect((await stats()).uncached).toMatchObject({ reads: 2, databaseLoads: 2 });
  });

  it('write-through: PostgreSQL and the cache in one request, the next read is a hit with the new value', async () => {
    const product = { name: 'Quiet Lamp (v2)', category: 'home', priceCents: 2500, stock: 3 };
    const written = await send('PUT', '/write-through/products/10', product);
    expect(written).toMatchObject({ status: 200, body: { product: { id: 10, ...product }, cached: true } });
    expect(await row(10)).toEqual({ price_cents: 2500 });
    const read = await get('/read-through/products/10');
    expect(read.headers.get('x-cache')).toBe('hit');
    expect(read.body.product).toEqual({ id: 10, ...product });
  });

  it('write-behind: the cache at once, PostgreSQL only after the flush', async () => {
    const product = { name: 'Classic Kettle', category: 'audio', priceCents: 4200, stock: 35 };
    const accepted = await send('PUT', '/write-behind/products/5', product);
    expect(accepted).toMatchObject({ status: 202, body: { product: { id: 5, ...product }, pending: 1 } });
    expect((await get('/read-through/products/5')).body).toMatchObject({
      product: { priceCents: 4200 },
      cache: { outcome: 'hit' },
    });
    expect(await row(5)).toEqual({ price_cents: seeded(5).priceCents }); // 2395: not there yet
    expect((await get('/write-behind/pending')).body).toEqual({ pending: 1 });

    expect(await send('POST', '/write-behind/flush')).toMatchObject({ status: 200, body: { flushed: 1, pending: 0 } });
    expect(await row(5)).toEqual({ price_cents: 4200 });
  });

  it('unknown products: writes answer 404 and touch neither store', async () => {
    const product = { name: 'Ghost', category: 'home', priceCents: 1, stock: 1 };
    for (const [method, path, body] of [
      ['PATCH', '/products/999', { priceCents: 1 }],
      ['PUT', '/write-through/products/999', product],
      ['PUT', '/write-behind/products/999', product],
    ] as const) {
      const answer = await send(method, path, body);
      expect({ path, status: answer.status, type: answer.body.type }).toEqual({
        path,
        status: 404,
        type: 'urn:backend-lab:caching:problem:product-not-found',
      });
    }
    expect(await redis.exists('catalog:product:999')).toBe(0);
    expect((await get('/write-behind/pending')).body).toEqual({ pending: 0 });
    expect(await get('/lab/checksum')).toMatchObject({ body: seedChecksum });
  });

  it('bad input: 400 problem+json with a detail that names the problem, never a 500', async () => {
    const valid = { name: 'X', category: 'home', priceCents: 1, stock: 1 };
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/read-through/products/abc', undefined, '"abc" is not a product id'],
      ['GET', '/cache-aside/products/0', undefined, '"0" is not a product id'],
      ['GET', '/uncached/products/99999999999', undefined, 'expected an integer from 1 to 2147483647'],
      ['GET', '/read-through/products/-3', undefined, 'is not a product id'],
      ['GET', '/read-through/products/1e3', undefined, '"1e3" is not a product id'],
      ['GET', '/read-through/products/07', undefined, '"07" is not a product id'],
      ['PATCH', '/products/3', {}, 'Nothing to update'],
      ['PATCH', '/products/3', { priceCents: -1 }, 'priceCents: priceCents must not be less than 0'],
      ['PATCH', '/products/3', { priceCents: 12.5 }, 'priceCents: priceCents must be an integer number'],
      ['PATCH', '/products/3', { price: 5 }, 'price: property price should not exist'],
      ['PATCH', '/products/3', '{"priceCents": ', 'JSON'],
      ['PUT', '/write-through/products/3', { name: 'X' }, 'priceCents'],
      ['PUT', '/write-behind/products/3', { ...valid, name: '' }, 'name: name must be longer than or equal to 1'],
      ['POST', '/demo/stampede', { route: 'nope', id: 1, readers: 500 }, 'readers must not be greater than 200'],
    ];
    for (const [method, path, body, detail] of cases) {
      const answer = await send(method, path, body);
      expect({ method, path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        method,
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({ path, detail: answer.body.detail }).toEqual({ path, detail: expect.stringContaining(detail) });
    }
    // Nothing reached either store.
    expect(await get('/lab/checksum')).toMatchObject({ body: seedChecksum });
  });

  it('stats: hit ratio, database loads and latency percentiles, with and without the cache; reset', async () => {
    await get('/read-through/products/7');
    await get('/read-through/products/7');
    await get('/read-through/products/7');
    await get('/uncached/products/7');
    const report = await stats();
    expect(report.settings).toEqual({
      slowQueryMs: 200,
      ttlMs: 300_000,
      negativeTtlMs: 60_000,
      writeBehindFlushMs: null,
    });
    expect(report.readThrough).toMatchObject({ hits: 2, misses: 1, reads: 3, hitRatio: 2 / 3, databaseLoads: 1 });
    expect(report.readThrough.latencyMs.hit.count).toBe(2);
    expect(report.readThrough.latencyMs.miss.count).toBe(1);
    expect(report.uncached).toMatchObject({ reads: 1, databaseLoads: 1 });
    expect(report.uncached.latencyMs.count).toBe(1);
    expect(report.total).toEqual({ hits: 2, misses: 1, reads: 3, hitRatio: 2 / 3, databaseLoads: 2 });
    // The slow query sleeps 200 ms in PostgreSQL: a floor, not a timing assertion.
    expect(report.uncached.latencyMs.p50).toBeGreaterThanOrEqual(200);
    console.log(
      `latency p50: hit ${report.readThrough.latencyMs.hit.p50} ms, miss ${report.readThrough.latencyMs.miss.p50} ms, ` +
        `uncached ${report.uncached.latencyMs.p50} ms`,
    );

    const cleared = await send('POST', '/stats/reset');
    expect(cleared.body.total).toEqual({ hits: 0, misses: 0, reads: 0, hitRatio: 0, databaseLoads: 0 });
    expect(cleared.body.readThrough.latencyMs).toEqual({ hit: null, miss: null });
    expect((await get('/keys')).body.patterns['read-through']).toBe('catalog:product:<id>');
  });
});

describe('caching example: reset and restart', () => {
  it('reset after changes: both stores back to the seed (checksums), queued writes dropped', async () => {
    await send('PATCH', '/products/3', { priceCents: 1999 });
    await send('PUT', '/write-through/products/10', { name: 'N', category: 'home', priceCents: 1, stock: 1 });
    await get('/read-through/products/7');
    await send('PUT', '/write-behind/products/5', { name: 'N', category: 'home', priceCents: 4200, stock: 1 });
    const changed = (await get('/lab/checksum')).body;
    expect(changed.postgres).not.toBe(seedChecksum.postgres);
    expect(changed.redis).not.toBe(seedChecksum.redis);

    const reset = await send('POST', '/lab/reset');
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      restored: [
        { store: 'postgres', ms: expect.any(Number) },
        { store: 'redis', ms: expect.any(Number) },
      ],
    });
    expect((await get('/lab/checksum')).body).toEqual(seedChecksum);
    expect((await get('/write-behind/pending')).body).toEqual({ pending: 0 });
    expect(await send('POST', '/write-behind/flush')).toMatchObject({ body: { flushed: 0 } });
    expect(await row(5)).toEqual({ price_cents: seeded(5).priceCents });
    const read = await get('/read-through/products/3');
    expect(read.headers.get('x-cache')).toBe('miss');
    expect(read.body.product).toEqual(seeded(3));
    console.log(
      `reset: ${reset.body.restored.map((r: { store: string; ms: number }) => `${r.store} ${r.ms} ms`).join(', ')}`,
    );
  });

  it('a second boot on the same stores keeps the data: no reseed, same template, cache kept', async () => {
    await send('POST', '/lab/reset');
    await send('PATCH', '/products/3', { priceCents: 777 });
    await get('/read-through/products/3');
    const templateOid = async () => {
      const client = new Client({ connectionString: stores.connections.postgres });
      await client.connect();
      try {
        return (await client.query("SELECT oid::text FROM pg_database WHERE datname = 'shop_seed'")).rows[0]?.oid;
      } finally {
        await client.end();
      }
    };
    const oidBefore = await templateOid();
    expect(oidBefore).toBeDefined();

    const second = await startCachingApp(stores, stores.config({ WRITE_BEHIND_FLUSH_MS: '0' }));
    try {
      expect(second.app.get(CatalogSetup).report).toEqual({ migrations: [], postgres: 'kept', redis: 'kept' });
      expect(await templateOid()).toBe(oidBefore);
      expect((await send('GET', '/uncached/products/3', undefined, second.base)).body.product.priceCents).toBe(777);
      const cached = await send('GET', '/read-through/products/3', undefined, second.base);
      expect(cached.headers.get('x-cache')).toBe('hit'); // the first boot's cache entry survived
      expect(cached.body.product.priceCents).toBe(777);
    } finally {
      await second.close();
    }
    // And the template still holds the seed: a reset brings 3 back.
    await send('POST', '/lab/reset');
    expect((await get('/lab/checksum')).body).toEqual(seedChecksum);
  });
});

describe('caching example: guided lab', () => {
  const steps = example.lab!.steps;

  it('has 5-7 steps, at least two of which ask the student to do something', () => {
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.length).toBeLessThanOrEqual(7);
    expect(steps.filter((step) => step.solution.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it.each(steps.map((step) => [step.id, step] as const))('step %s: check and solution', async (_id, step) => {
    expect((await send('POST', '/lab/reset')).status).toBe(200);
    const untouched = await runLabCheck(step.check, api.target);
    // A look-only step passes as is; a step that asks for something fails until it is done.
    expect({ untouched: untouched.passed, detail: untouched.detail }).toEqual({
      untouched: step.solution.length === 0,
      detail: expect.any(String),
    });
    for (const action of step.solution) await applyLabAction(action, api.target);
    const done = await runLabCheck(step.check, api.target);
    expect({ passed: done.passed, detail: done.detail }).toEqual({ passed: true, detail: expect.any(String) });
  });

  it('as the catalog runs it: all checks untouched, then each solution in turn, with no reset between', async () => {
    expect((await send('POST', '/lab/reset')).status).toBe(200);
    const untouched = [];
    for (const step of steps)
      untouched.push({ step: step.id, passed: (await runLabCheck(step.check, api.target)).passed });
    expect(untouched).toEqual(steps.map((step) => ({ step: step.id, passed: step.solution.length === 0 })));
    for (const step of steps) {
      for (const action of step.solution) await applyLabAction(action, api.target);
      expect({ step: step.id, passed: (await runLabCheck(step.check, api.target)).passed }).toEqual({
        step: step.id,
        passed: true,
      });
    }
  });

  it('the reset entry point of lab.yaml restores the seed after every solution', async () => {
    for (const step of steps) for (const action of step.solution) await applyLabAction(action, api.target);
    expect((await get('/lab/checksum')).body).not.toEqual(seedChecksum);
    const { method, path } = example.reset!.http;
    expect((await send(method, path)).status).toBe(200);
    expect((await get('/lab/checksum')).body).toEqual(seedChecksum);
  });
});
