import {
  changeBookPrice,
  checksumMongo,
  createBook,
  createCustomer,
  deleteBook,
  explainAggregate,
  getBook,
  getCustomer,
  getOrder,
  MongoBookstore,
  orderHistory,
  orderHistoryPipeline,
  placeOrder,
  resetMongo,
  seedMongo,
  topBooksByRevenue,
  updateCustomer,
  wishlist,
} from '@lab/nosql';
import {
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  generateBookstore,
  InsufficientStockError,
  mostWishedBook,
  wishlistHolders,
} from '@lab/seed';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';
import { startTestMongo, TestMongo } from '../support/test-mongo';

const mongo = availability().mongo;
const describeWithMongo = mongo.kind === 'skip' ? describe.skip : describe;

/** The document model on a real MongoDB, in a database of its own that is dropped afterwards. */
describeWithMongo(`nosql: MongoDB bookstore${skipTitle(mongo)}`, () => {
  const lab = createTestLab();
  const seedStore = generateBookstore({ seed: 42, size: 2 });
  let server: TestMongo | undefined;
  let client: MongoClient;
  let store: MongoBookstore;

  beforeAll(async () => {
    server = await startTestMongo(lab, mongo);
    client = new MongoClient(server.url);
    store = { client, db: client.db(`lab_bookstore_${randomBytes(4).toString('hex')}`) };
    await client.connect();
    await seedMongo(store.db, seedStore);
  }, 180_000);
  afterAll(async () => {
    try {
      await store?.db.dropDatabase().catch(() => undefined);
      await client?.close();
    } finally {
      await server?.close();
      await lab.reap();
    }
  });

  it('answers order history and top books with aggregation pipelines, equal to the seed’s', async () => {
    for (const customerId of [1, 2, seedStore.customers.length]) {
      expect(await orderHistory(store, customerId)).toEqual(expectedOrderHistory(seedStore, customerId));
    }
    expect(await topBooksByRevenue(store, 5)).toEqual(expectedTopBooks(seedStore, 5));
  });

  it('uses the customer_history index for order history', async () => {
    const plan = JSON.stringify(await explainAggregate(store, 'orders', orderHistoryPipeline(1)));
    expect(plan).toContain('customer_history');
  });

  it('changes a price with updateMany + arrayFilters in 1 + (wishlist holders) documents', async () => {
    const bookId = mostWishedBook(seedStore);
    const newPrice = seedStore.books[bookId - 1]!.priceCents + 250;
    const ordersBefore = await checksumMongo(store.db);
    expect(await changeBookPrice(store, bookId, newPrice)).toEqual(
      expectedPriceChangeFootprint(seedStore, bookId).document,
    );
    for (const customerId of wishlistHolders(seedStore, bookId)) {
      expect((await wishlist(store, customerId)).find((e) => e.bookId === bookId)!.priceCents).toBe(newPrice);
    }
    expect((await checksumMongo(store.db)).orders).toEqual(ordersBefore.orders);
  });

  it('places an order in a multi-document transaction, and rolls it back entirely on missing stock', async () => {
    const [a] = seedStore.books.filter((b) => b.stock > 0);
    const placed = await placeOrder(store, { customerId: 2, lines: [{ bookId: a!.id, quantity: 1 }] });
    expect(placed.orderId).toBe(seedStore.orders.length + 1);
    expect(await getOrder(store, placed.orderId)).toMatchObject({ customerId: 2 });
    expect((await getBook(store, a!.id))!.stock).toBe(a!.stock - 1);

    const empty = seedStore.books.filter((b) => b.id > a!.id).find((b) => b.stock === 0)!;
    const before = await checksumMongo(store.db);
    await expect(
      placeOrder(store, {
        customerId: 2,
        lines: [
          { bookId: empty.id, quantity: 1 },
          { bookId: a!.id, quantity: 1 },
        ],
      }),
    ).rejects.toBeInstanceOf(InsufficientStockError);
    expect(await checksumMongo(store.db)).toEqual(before);
  });

  it('creates, updates and deletes documents, then reset (drop + reseed) restores the seed checksum', async () => {
    const fresh = client.db(`${store.db.databaseName}_ref`);
    await seedMongo(fresh, seedStore);
    const seeded = await checksumMongo(fresh);
    await fresh.dropDatabase();

    const book = await createBook(store, { title: 'BSON', author: 'X', priceCents: 100, stock: 1 });
    expect(await getBook(store, book.id)).toEqual(book);
    const customer = await createCustomer(store, { name: 'N', email: 'n@example.org', city: 'Lyon' });
    expect(await updateCustomer(store, customer.id, { city: 'Graz' })).toEqual({ ...customer, city: 'Graz' });
    expect(await getCustomer(store, customer.id)).toEqual({ ...customer, city: 'Graz' });
    expect(await deleteBook(store, book.id)).toBe(true);
    expect(await checksumMongo(store.db)).not.toEqual(seeded);

    const { ms } = await resetMongo(store.db, seedStore);
    console.log(`MongoDB reset (drop + reseed, size ${seedStore.size}): ${ms.toFixed(1)} ms`);
    expect(await checksumMongo(store.db)).toEqual(seeded);
  });
});
