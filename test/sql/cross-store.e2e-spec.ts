import { mongoModel, seedMongo } from '@lab/nosql';
import {
  BookstoreModel,
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  generateBookstore,
  InsufficientStockError,
  mostWishedBook,
} from '@lab/seed';
import { jsonbModel, openBookstore, relationalModel, seedBookstore } from '@lab/sql';
import { Db, MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { startTestMongo, TestMongo } from '../support/test-mongo';
import { provisionBookstorePostgres } from './support/bookstore-postgres';

/** What a model's price change touches: rows for the relational one, documents for the others. */
const footprintOf = <F>(model: string, footprint: { relational: F; document: F }): F =>
  model === 'relational' ? footprint.relational : footprint.document;

const mongoSource = availability().mongo;
const itWithMongo = mongoSource.kind === 'skip' ? it.skip : it;

/**
 * One seed, every model: relational SQL and JSONB on PostgreSQL always, MongoDB when MONGO_URL
 * or the kit's mongo image gives one. Same answers to the same questions; a price change differs
 * only in how many rows/documents it must rewrite.
 */

describe('cross-store: one seed, the same answers from every model', () => {
  const lab = createTestLab();
  const store = generateBookstore({ seed: 2024, size: 3 });
  let server: TestMongo | undefined;
  let mongo: MongoClient | undefined;
  let mongoDb: Db | undefined;
  let db: DataSource;
  let models: BookstoreModel[];

  beforeAll(async () => {
    const { config } = await provisionBookstorePostgres(lab, 'sql-cross');
    db = await openBookstore(config);
    await seedBookstore(db, store);
    models = [relationalModel(db), jsonbModel(db)];
    if (mongoSource.kind !== 'skip') {
      server = await startTestMongo(lab, mongoSource, 'cross-mongo');
      mongo = new MongoClient(server.url);
      await mongo.connect();
      // A database of this run's own, dropped afterwards: the server may be shared (MONGO_URL).
      mongoDb = mongo.db(`lab_cross_${randomBytes(4).toString('hex')}`);
      await seedMongo(mongoDb, store);
      models.push(mongoModel({ client: mongo, db: mongoDb }));
    }
  }, 180_000);
  afterAll(async () => {
    try {
      await mongoDb?.dropDatabase().catch(() => undefined);
    } finally {
      await mongo?.close();
      await server?.close();
      await db?.destroy();
      await lab.reap();
    }
  });

  itWithMongo(`compares MongoDB too${skipTitle(mongoSource)}`, () => {
    expect(models.map((model) => model.name)).toEqual(['relational', 'jsonb', 'mongodb']);
  });

  it('gives every customer the same order history in every model', async () => {
    for (const customer of store.customers) {
      const expected = expectedOrderHistory(store, customer.id);
      for (const model of models)
        expect({ model: model.name, history: await model.orderHistory(customer.id) }).toEqual({
          model: model.name,
          history: expected,
        });
    }
  });

  it('ranks the same top books in every model', async () => {
    const expected = expectedTopBooks(store, store.books.length);
    for (const model of models) {
      expect({ model: model.name, top: await model.topBooksByRevenue(store.books.length) }).toEqual({
        model: model.name,
        top: expected,
      });
    }
  });

  it('changes a price in 1 row relationally and in N documents otherwise, N from the seed', async () => {
    const bookId = mostWishedBook(store);
    const footprint = expectedPriceChangeFootprint(store, bookId);
    const n = 1 + store.customers.filter((c) => c.wishlist.includes(bookId)).length;
    expect(footprint.document.updated).toBe(n);
    expect(n).toBeGreaterThan(1);
    const newPrice = store.books[bookId - 1]!.priceCents + 100;
    for (const model of models) {
      const expected = footprintOf(model.name, footprint);
      expect({ model: model.name, change: await model.changeBookPrice(bookId, newPrice) }).toEqual({
        model: model.name,
        change: expected,
      });
      // Revenue is history: the price paid, so the ranking does not move.
      expect(await model.topBooksByRevenue(5)).toEqual(expectedTopBooks(store, 5));
    }
  });

  it('places the same order with the same result, and refuses the same impossible one, in every model', async () => {
    const at = new Date('2025-06-01T08:30:00.000Z');
    const [a, b] = store.books.filter((book) => book.stock >= 2);
    const order = {
      customerId: 4,
      lines: [
        { bookId: b!.id, quantity: 2 },
        { bookId: a!.id, quantity: 1 },
      ],
    };
    const results = [];
    for (const model of models) results.push(await model.placeOrder(order, at));
    for (const result of results) expect(result).toEqual(results[0]);
    for (const model of models) {
      expect((await model.orderHistory(4))[0]).toEqual(results[0]);
      expect((await model.getBook(a!.id))!.stock).toBe(a!.stock - 1);
    }

    const tooMany = {
      customerId: 4,
      lines: [
        { bookId: a!.id, quantity: 1 },
        { bookId: b!.id, quantity: 999 },
      ],
    };
    for (const model of models) {
      await expect(model.placeOrder(tooMany)).rejects.toBeInstanceOf(InsufficientStockError);
      expect((await model.getBook(a!.id))!.stock).toBe(a!.stock - 1);
    }
  });
});
