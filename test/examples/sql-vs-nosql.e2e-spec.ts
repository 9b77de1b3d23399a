import { applyLabAction, ExampleManifest, LabTarget, loadCatalog, runLabCheck } from '@lab/catalog';
import {
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  generateBookstore,
  wishlistHolders,
} from '@lab/seed';
import { hasSeedTemplate, SqlConnectionConfig } from '@lab/sql';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../../examples/sql-vs-nosql/src/config';
import { StoreRegistry } from '../../examples/sql-vs-nosql/src/stores/store-registry';
import { provisionBookstorePostgres } from '../sql/support/bookstore-postgres';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { startTestMongo, TestMongo } from '../support/test-mongo';
import { httpClient, RunningApp, startSqlVsNosqlApp } from './support/sql-vs-nosql-app';

const PROBLEM = 'application/problem+json';

/**
 * The sql-vs-nosql example app in-process, on a real PostgreSQL sandbox (and a real MongoDB when
 * MONGO_URL or the kit's mongo image gives one), checked against the seed's reference answers.
 */
describe('examples/sql-vs-nosql: one bookstore, the same API over each model', () => {
  const lab = createTestLab();
  const seed = generateBookstore({ seed: 2024, size: 3 });
  const mongo = availability().mongo;
  const withMongo = mongo.kind !== 'skip';
  // What the app answers with or without MongoDB, decided here so that no test body branches.
  const stores = withMongo ? ['sql', 'jsonb', 'mongo'] : ['sql', 'jsonb'];
  const expected = withMongo
    ? { mongoHealth: 'up', checksums: ['mongo', 'postgres'], restored: ['postgres', 'mongo'] }
    : { mongoHealth: 'not configured', checksums: ['postgres'], restored: ['postgres'] };
  const itWithMongo = withMongo ? it : it.skip;
  const itWithoutMongo = withMongo ? it.skip : it;
  let mongoServer: TestMongo | undefined;
  let postgres: SqlConnectionConfig;
  let config: AppConfig;
  let running: RunningApp | undefined;
  let http: ReturnType<typeof httpClient>;
  let seedChecksum: Record<string, string>;

  const start = async () => {
    running = await startSqlVsNosqlApp(config);
    http = httpClient(running.url);
  };

  beforeAll(async () => {
    ({ config: postgres } = await provisionBookstorePostgres(lab, 'sql-vs-nosql'));
    config = {
      port: 0,
      postgres,
      seed: { seed: 2024, size: 3 },
    };
    if (withMongo) {
      mongoServer = await startTestMongo(lab, mongo, 'svn-mongo');
      // A database of this run's own, dropped afterwards: the server may be shared (MONGO_URL).
      config.mongo = { url: mongoServer.url, database: `lab_svn_${randomBytes(4).toString('hex')}` };
    }
    await start();
    seedChecksum = (await http('GET', '/lab/checksum')).body;
  });
  afterAll(async () => {
    const registry = running?.app.get(StoreRegistry);
    await registry?.mongo?.store.db.dropDatabase().catch(() => undefined);
    await running?.close();
    await mongoServer?.close();
    await lab.reap();
  });

  it('boots ready: migrated, seeded, the template saved, health and OpenAPI up', async () => {
    expect(await hasSeedTemplate(postgres)).toBe(true);
    expect(running!.app.get(StoreRegistry).postgres.bootOutcome).toBe('seeded');
    expect(await http('GET', '/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', stores: { postgres: 'up', mongo: expected.mongoHealth } },
    });
    expect(Object.keys(seedChecksum).sort()).toEqual(expected.checksums);
    expect(seedChecksum.postgres).toMatch(/^[0-9a-f]{64}$/);
    const openApi = await http('GET', '/docs/openapi.json');
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining([
        '/{store}/books/{id}/price',
        '/{store}/customers/{id}/orders',
        '/{store}/orders',
        '/{store}/top-books',
        '/{store}/explain/{query}',
        '/lab/reset',
        '/lab/checksum',
        '/health',
      ]),
    );
    const ui = await http('GET', '/docs');
    expect([ui.status, ui.contentType]).toEqual([200, expect.stringContaining('text/html')]);
  });

  it('answers every customer’s order history, and the top books, exactly as the seed says, in every store', async () => {
    for (const customer of seed.customers) {
      const expected = expectedOrderHistory(seed, customer.id);
      for (const store of stores) {
        const answer = await http('GET', `/${store}/customers/${customer.id}/orders`);
        expect({ store, customer: customer.id, body: answer.body }).toEqual({
          store,
          customer: customer.id,
          body: expected,
        });
      }
    }
    for (const store of stores) {
      expect((await http('GET', `/${store}/top-books?limit=100`)).body).toEqual(expectedTopBooks(seed, 100));
      expect((await http('GET', `/${store}/top-books`)).body).toEqual(expectedTopBooks(seed, 5));
    }
  });

  it('changes a price in 1 row relationally and in 1 + (wishlist holders) documents, N from the seed', async () => {
    const bookId = 3;
    const holders = wishlistHolders(seed, bookId);
    const footprint = expectedPriceChangeFootprint(seed, bookId);
    expect(footprint.document.updated).toBe(10); // the lab's step text says "ten documents"
    expect((await http('PUT', '/sql/books/3/price', { priceCents: 1899 })).body).toEqual({
      bookId,
      priceCents: 1899,
      ...footprint.relational,
    });
    for (const store of stores.filter((s) => s !== 'sql')) {
      expect((await http('PUT', `/${store}/books/3/price`, { priceCents: 1899 })).body).toEqual({
        bookId,
        priceCents: 1899,
        ...footprint.document,
      });
      // Every embedded copy followed; the history (revenue) did not.
      for (const customerId of holders) {
        const wishlist = (await http('GET', `/${store}/customers/${customerId}/wishlist`)).body as {
          bookId: number;
          priceCents: number;
        }[];
        expect(wishlist.find((item) => item.bookId === bookId)?.priceCents).toBe(1899);
      }
      expect((await http('GET', `/${store}/top-books?limit=100`)).body).toEqual(expectedTopBooks(seed, 100));
    }
    expect((await http('GET', '/sql/customers/1/wishlist')).body[1]).toMatchObject({ bookId: 3, priceCents: 1899 });
    expect((await http('PUT', '/sql/books/999/price', { priceCents: 1 })).status).toBe(404);
    await http('POST', '/lab/reset');
  });

  it('rolls a whole order back on insufficient stock (409, checksums unchanged), and commits a good one', async () => {
    const before = (await http('GET', '/lab/checksum')).body;
    const [inStock, soldOut] = [seed.books.find((b) => b.stock >= 2)!, seed.books.find((b) => b.stock === 0)!];
    for (const store of stores) {
      const refused = await http('POST', `/${store}/orders`, {
        customerId: 2,
        lines: [
          { bookId: inStock.id, quantity: 1 },
          { bookId: soldOut.id, quantity: 1 },
        ],
      });
      expect(refused).toMatchObject({
        status: 409,
        contentType: expect.stringContaining(PROBLEM),
        body: {
          type: 'urn:backend-lab:sql-vs-nosql:insufficient-stock',
          status: 409,
          detail: `not enough stock for book ${soldOut.id} (requested 1): nothing was written.`,
          instance: `/${store}/orders`,
        },
      });
      expect((await http('GET', `/${store}/books/${inStock.id}`)).body.stock).toBe(inStock.stock);
    }
    expect((await http('GET', '/lab/checksum')).body).toEqual(before);

    for (const store of stores) {
      const placed = await http('POST', `/${store}/orders`, {
        customerId: 2,
        lines: [{ bookId: inStock.id, quantity: 2 }],
      });
      expect(placed).toMatchObject({
        status: 201,
        location: `/${store}/orders/${seed.orders.length + 1}`,
        body: {
          orderId: seed.orders.length + 1,
          totalCents: 2 * inStock.priceCents,
          lines: [{ bookId: inStock.id, title: inStock.title, quantity: 2, unitPriceCents: inStock.priceCents }],
        },
      });
      expect((await http('GET', `/${store}/books/${inStock.id}`)).body.stock).toBe(inStock.stock - 2);
      expect((await http('GET', `/${store}/customers/2/orders`)).body[0]).toEqual(placed.body);
      expect((await http('GET', `/${store}/orders/${placed.body.orderId}`)).body).toEqual({
        ...placed.body,
        customerId: 2,
      });
      expect((await http('GET', `/${store}/orders?limit=1`)).body).toEqual([
        { orderId: placed.body.orderId, customerId: 2, placedAt: placed.body.placedAt },
      ]);
    }
  });

  it('restores the exact seed on reset, whatever changed, keeping the app and its pool working', async () => {
    await http('POST', '/sql/customers', { name: 'Late', email: 'late@example.org', city: 'Porto' });
    await http('DELETE', '/jsonb/books/3');
    await http('PATCH', '/sql/books/1', { title: 'Renamed' });
    expect((await http('GET', '/lab/checksum')).body).not.toEqual(seedChecksum);

    const reset = await http('POST', '/lab/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.restored.map((r: { store: string }) => r.store)).toEqual(expected.restored);
    for (const { ms } of reset.body.restored) expect(ms).toEqual(expect.any(Number));
    expect((await http('GET', '/lab/checksum')).body).toEqual(seedChecksum);
    expect((await http('GET', '/sql/books/1')).body.title).toBe(seed.books[0]!.title);
    expect((await http('GET', '/health')).status).toBe(200);
  });

  it('offers CRUD on books and customers with REST semantics in every store', async () => {
    for (const store of stores) {
      const created = await http('POST', `/${store}/books`, {
        title: 'The Eventual River',
        author: 'Ada Codd',
        priceCents: 2500,
        stock: 4,
      });
      const id = seed.books.length + 1;
      expect(created).toMatchObject({ status: 201, location: `/${store}/books/${id}`, body: { id, stock: 4 } });
      expect((await http('GET', `/${store}/books/${id}`)).body.title).toBe('The Eventual River');
      expect((await http('PATCH', `/${store}/books/${id}`, { stock: 5 })).body).toMatchObject({ id, stock: 5 });
      const replaced = { title: 'The Eventual Sea', author: 'Ada Codd', priceCents: 2600, stock: 1 };
      expect((await http('PUT', `/${store}/books/${id}`, replaced)).body).toEqual({ id, ...replaced });
      expect(
        (await http('GET', `/${store}/books?limit=2&offset=${id - 2}`)).body.map((b: { id: number }) => b.id),
      ).toEqual([id - 1, id]);
      expect((await http('DELETE', `/${store}/books/${id}`)).status).toBe(204);
      expect((await http('GET', `/${store}/books/${id}`)).status).toBe(404);
      expect((await http('DELETE', `/${store}/books/${id}`)).status).toBe(404);

      const customer = await http('POST', `/${store}/customers`, {
        name: 'Ny',
        email: 'ny@example.org',
        city: 'Turku',
      });
      const customerId = seed.customers.length + 1;
      expect(customer).toMatchObject({ status: 201, location: `/${store}/customers/${customerId}` });
      expect(
        (await http('PUT', `/${store}/customers/${customerId}`, { name: 'Ny', email: 'n@example.org', city: 'Graz' }))
          .body,
      ).toEqual({ id: customerId, name: 'Ny', email: 'n@example.org', city: 'Graz' });
      expect((await http('PATCH', `/${store}/customers/${customerId}`, { city: 'Lyon' })).body.city).toBe('Lyon');
      expect((await http('GET', `/${store}/customers/${customerId}/orders`)).body).toEqual([]);
      expect((await http('DELETE', `/${store}/customers/${customerId}`)).status).toBe(204);
      expect((await http('GET', `/${store}/customers/${customerId}/orders`)).status).toBe(404);
    }
    // Only the relational model refuses to erase a book that history references.
    expect((await http('DELETE', '/sql/books/3')).status).toBe(409);
    expect((await http('DELETE', '/sql/customers/1')).status).toBe(409);
    expect((await http('DELETE', '/jsonb/books/3')).status).toBe(204);
    expect((await http('GET', '/jsonb/customers/1/orders')).body).toEqual(expectedOrderHistory(seed, 1));
    await http('POST', '/lab/reset');
  });

  it('answers bad input with a 400 problem that says what is wrong, never a 500', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['GET', '/sql/books/abc', undefined, /The id in the path must be a whole number from 1 to 2147483647/],
      ['GET', '/sql/books/99999999999', undefined, /must be a whole number/],
      ['GET', '/jsonb/top-books?limit=0', undefined, /limit: limit must not be less than 1/],
      ['PUT', '/sql/books/3/price', { priceCents: -1 }, /priceCents: priceCents must not be less than 0/],
      ['PUT', '/jsonb/books/3/price', { priceCents: '19.99' }, /priceCents: priceCents must be an integer/],
      ['PATCH', '/sql/books/3', {}, /Nothing to change/],
      ['PATCH', '/sql/books/3', { price: 1 }, /property price should not exist/],
      ['POST', '/sql/customers', { name: 'A', email: 'not-an-email', city: 'Graz' }, /email: email must be an email/],
      ['POST', '/sql/orders', { customerId: 1, lines: [] }, /lines: lines must contain at least 1 elements/],
      ['POST', '/sql/orders', { customerId: 1, lines: [{ bookId: 1, quantity: 0 }] }, /lines\.0\.quantity/],
      [
        'POST',
        '/jsonb/orders',
        {
          customerId: 1,
          lines: [
            { bookId: 4, quantity: 1 },
            { bookId: 4, quantity: 1 },
          ],
        },
        /Book 4 appears twice in one order/,
      ],
      ['POST', '/sql/orders', { customerId: 999, lines: [{ bookId: 1, quantity: 1 }] }, /No customer 999/],
      ['POST', '/jsonb/orders', { customerId: 1, lines: [{ bookId: 999, quantity: 1 }] }, /No book 999/],
      ['GET', '/sql/explain/order-history?analyze=maybe', undefined, /analyze must be a boolean/],
    ];
    for (const [method, path, body, detail] of cases) {
      const answer = await http(method, path, body);
      expect({ method, path, status: answer.status, contentType: answer.contentType }).toEqual({
        method,
        path,
        status: 400,
        contentType: expect.stringContaining(PROBLEM),
      });
      expect({ path, detail: answer.body.detail }).toEqual({ path, detail: expect.stringMatching(detail) });
    }
    const malformed = await http('POST', '/sql/orders', undefined, '{"customerId": 1,');
    expect([malformed.status, malformed.contentType]).toEqual([400, expect.stringContaining(PROBLEM)]);
    expect((await http('GET', '/lab/checksum')).body).toEqual(seedChecksum);
  });

  it('answers unknown things with 404', async () => {
    expect(await http('GET', '/sql/books/999')).toMatchObject({
      status: 404,
      body: { detail: 'There is no book 999.' },
    });
    expect(await http('GET', '/oracle/books')).toMatchObject({
      status: 404,
      body: { detail: 'There is no store "oracle": use /sql, /jsonb, /mongo.' },
    });
    expect((await http('GET', '/sql/explain/everything')).status).toBe(404);
    expect((await http('GET', '/nowhere')).contentType).toContain(PROBLEM);
  });

  itWithoutMongo(
    'answers a missing MongoDB with 503 naming the example that has it (skipped: MongoDB is here)',
    async () => {
      const absent = await http('GET', '/mongo/customers/1/orders');
      expect(absent).toMatchObject({
        status: 503,
        contentType: expect.stringContaining(PROBLEM),
        body: { type: 'urn:backend-lab:sql-vs-nosql:store-not-in-sandbox', status: 503 },
      });
      expect(absent.body.detail).toContain('MongoDB is not part of this sandbox');
      expect(absent.body.detail).toContain('"sql-vs-nosql-mongo"');
    },
  );

  /** The tables a plan's steps read, once each. */
  const tables = (steps: { on?: string }[]) => [...new Set(steps.flatMap((s) => (s.on ? [s.on] : [])))].sort();

  it('shows the plan of each query, the statement it explains being the one it runs', async () => {
    const history = await http('GET', '/sql/explain/order-history?customerId=1');
    expect(history.body).toMatchObject({ store: 'sql', query: 'order-history', parameters: [1] });
    expect(history.body.statement).toMatch(/^SELECT o\.id AS order_id, .* JOIN order_lines l .* JOIN books b /);
    expect(history.body.steps[0]).toEqual({ depth: 0, operation: 'Sort' });
    expect(tables(history.body.steps)).toEqual(['books', 'order_lines', 'orders']);
    const documents = await http('GET', '/jsonb/explain/order-history?customerId=1');
    expect(tables(documents.body.steps)).toEqual(['orders']);
    const fanOut = await http('GET', '/jsonb/explain/price-change?bookId=3&analyze=true');
    expect(fanOut.body.statement).toMatch(/^UPDATE docs\.customers AS c SET doc = jsonb_set/);
    expect(fanOut.body.plan['Plan']['Actual Rows']).toBe(0); // an UPDATE node returns no rows…
    expect((await http('GET', '/lab/checksum')).body).toEqual(seedChecksum); // …and was rolled back
    for (const store of stores) {
      for (const query of ['order-history', 'top-books', 'wishlist', 'price-change', 'recent-orders']) {
        const plan = await http('GET', `/${store}/explain/${query}`);
        expect({ store, query, status: plan.status, hasSteps: plan.body.steps.length > 0 }).toEqual({
          store,
          query,
          status: 200,
          hasSteps: true,
        });
      }
    }
  });

  describe('the guided lab (lab.yaml), step by step on a fresh seed', () => {
    let example: ExampleManifest;
    let mongoExample: ExampleManifest;
    let target: LabTarget;

    beforeAll(async () => {
      // The kit key of the example apps' image is added to docker/images.yaml with the image itself.
      const allowed = [...new Set([...lab.images.allowedKeys(), 'lab-apps'])];
      const catalog = loadCatalog(join(__dirname, '../../examples'), allowed);
      const ours = catalog.problems.filter((p) => p.file.includes('sql-vs-nosql'));
      expect(ours).toEqual([]);
      example = catalog.examples.find((e) => e.name === 'sql-vs-nosql')!;
      mongoExample = catalog.examples.find((e) => e.name === 'sql-vs-nosql-mongo')!;
      expect(mongoExample).toBeDefined();
      const { host, port, user, password, database } = postgres;
      target = {
        appUrl: running!.url,
        connections: { postgres: `postgresql://${user}:${password}@${host}:${port}/${database}` },
      };
      await http('POST', '/lab/reset');
    });

    it('has 5–7 steps, at least two of which ask for a change', () => {
      expect(example.lab!.steps.length).toBeGreaterThanOrEqual(5);
      expect(example.lab!.steps.length).toBeLessThanOrEqual(7);
      expect(example.lab!.steps.filter((s) => s.solution.length > 0).length).toBeGreaterThanOrEqual(2);
      expect(example.reset).toEqual({ http: { method: 'POST', path: '/lab/reset' } });
    });

    it('passes look-only steps untouched, fails the others until their solution is applied', async () => {
      expect.hasAssertions();
      await walkThrough(example);
    });

    itWithMongo(`does the same for sql-vs-nosql-mongo’s steps${skipTitle(mongo)}`, async () => {
      await http('POST', '/lab/reset');
      await walkThrough(mongoExample);
      await http('POST', '/lab/reset');
      await walkThrough(example);
    });

    /** Each step's check before and after its solution, in order, on one sandbox. */
    const walkThrough = async (manifest: ExampleManifest) => {
      for (const step of manifest.lab!.steps) {
        const before = await runLabCheck(step.check, target);
        expect({ step: step.id, passed: before.passed, detail: before.detail }).toEqual({
          step: step.id,
          passed: step.solution.length === 0,
          detail: expect.any(String),
        });
        for (const action of step.solution) await applyLabAction(action, target);
        const after = await runLabCheck(step.check, target);
        expect({ step: step.id, passed: after.passed, detail: after.detail }).toEqual({
          step: step.id,
          passed: true,
          detail: expect.any(String),
        });
      }
      // Every step stays done once done: the later ones do not undo the earlier ones.
      for (const step of manifest.lab!.steps) expect((await runLabCheck(step.check, target)).passed).toBe(true);
    };

    it('shows the plan change the add-index step promises, and reset takes the index away', async () => {
      const steps = (await http('GET', '/sql/explain/recent-orders')).body.steps;
      expect(steps).toContainEqual({ depth: 1, operation: 'Index Scan', on: 'orders', index: 'orders_placed_at_idx' });
      await http('POST', '/lab/reset');
      const plain = (await http('GET', '/sql/explain/recent-orders')).body.steps;
      expect(plain.map((s: { operation: string }) => s.operation)).toEqual(['Limit', 'Sort', 'Seq Scan']);
      for (const step of example.lab!.steps) {
        expect({ step: step.id, passed: (await runLabCheck(step.check, target)).passed }).toEqual({
          step: step.id,
          passed: step.solution.length === 0,
        });
      }
      expect((await http('GET', '/lab/checksum')).body).toEqual(seedChecksum);
    });
  });

  it('keeps the student’s data across an app restart: the second boot neither reseeds nor refreezes', async () => {
    await http('PUT', '/sql/books/5/price', { priceCents: 4242 });
    const changed = (await http('GET', '/lab/checksum')).body;
    expect(changed).not.toEqual(seedChecksum);
    await running!.close();
    running = undefined;

    await start();
    expect(running!.app.get(StoreRegistry).postgres.bootOutcome).toBe('kept');
    expect((await http('GET', '/lab/checksum')).body).toEqual(changed);
    expect((await http('GET', '/sql/books/5')).body.priceCents).toBe(4242);
    // The template is still the first boot's seed, not a copy of the changed data.
    await http('POST', '/lab/reset');
    expect((await http('GET', '/lab/checksum')).body).toEqual(seedChecksum);
  });
});
