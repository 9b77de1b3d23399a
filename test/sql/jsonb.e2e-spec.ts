import {
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  generateBookstore,
  InsufficientStockError,
  mostWishedBook,
  wishlistHolders,
} from '@lab/seed';
import {
  changeBookPriceDocument,
  createBookDocument,
  createCustomerDocument,
  deleteBookDocument,
  deleteCustomerDocument,
  explain,
  getBookDocument,
  getCustomerDocument,
  getOrderDocument,
  listBookDocuments,
  openBookstore,
  orderHistoryDocument,
  placeOrderDocument,
  planSteps,
  seedBookstore,
  TOP_BOOKS_JSONB_SQL,
  topBooksByRevenueDocument,
  updateBookDocument,
  updateCustomerDocument,
  wishlistDocument,
} from '@lab/sql';
import type { DataSource } from 'typeorm';
import { createTestLab } from '../support/lab-runtime';
import { provisionBookstorePostgres } from './support/bookstore-postgres';

/** The document model on PostgreSQL JSONB: same data, same questions, embedded lines and snapshots. */
/** A book out of stock and one in stock with a lower id (its line comes first in an order). */
function outOfStockAfterInStock<B extends { id: number; stock: number }>(books: B[]): { empty: B; inStock: B } {
  const empty = books.find((book) => book.stock === 0 && books.some((o) => o.id < book.id && o.stock > 0))!;
  const inStock = books.find((book) => book.id < empty.id && book.stock > 0)!;
  return { empty, inStock };
}

describe('sql: document bookstore on PostgreSQL JSONB', () => {
  const lab = createTestLab();
  const store = generateBookstore({ seed: 42, size: 2 });
  let db: DataSource;

  beforeAll(async () => {
    const { config } = await provisionBookstorePostgres(lab, 'sql-jsonb');
    db = await openBookstore(config);
    await seedBookstore(db, store);
  });
  afterAll(async () => {
    await db?.destroy();
    await lab.reap();
  });

  const orderDocumentsText = () => db.query(`SELECT id, doc::text FROM docs.orders ORDER BY id`);

  it('creates, reads, updates and deletes book and customer documents', async () => {
    const book = await createBookDocument(db, { title: 'Schemaless', author: 'M. Fowler', priceCents: 1999, stock: 2 });
    expect(book).toEqual({
      id: store.books.length + 1,
      title: 'Schemaless',
      author: 'M. Fowler',
      priceCents: 1999,
      stock: 2,
    });
    expect(await getBookDocument(db, book.id)).toEqual(book);
    expect((await updateBookDocument(db, book.id, { stock: 4 })).book).toEqual({ ...book, stock: 4 });
    expect((await listBookDocuments(db, { limit: 2 })).map((b) => b.id)).toEqual([1, 2]);
    expect(await deleteBookDocument(db, book.id)).toBe(true);
    expect(await getBookDocument(db, book.id)).toBeUndefined();

    const customer = await createCustomerDocument(db, { name: 'Radia', email: 'radia@example.org', city: 'Graz' });
    expect(await wishlistDocument(db, customer.id)).toEqual([]);
    expect(await updateCustomerDocument(db, customer.id, { city: 'Leuven' })).toEqual({ ...customer, city: 'Leuven' });
    expect(await getCustomerDocument(db, customer.id)).toEqual({ ...customer, city: 'Leuven' });
    expect(await deleteCustomerDocument(db, customer.id)).toBe(true);
  });

  it('keeps what the constraints still enforce inside documents (stock never negative)', async () => {
    await expect(updateBookDocument(db, 1, { stock: -1 })).rejects.toThrow(/check constraint/);
  });

  it('answers order history without a join, equal to the seed’s', async () => {
    for (const customerId of [1, 2, store.customers.length]) {
      expect(await orderHistoryDocument(db, customerId)).toEqual(expectedOrderHistory(store, customerId));
    }
  });

  it('answers top books by unnesting embedded lines (jsonb_array_elements), equal to the seed’s', async () => {
    expect(await topBooksByRevenueDocument(db, 5)).toEqual(expectedTopBooks(store, 5));
    const steps = planSteps(await explain(db, TOP_BOOKS_JSONB_SQL, [5]));
    expect(steps.map((s) => s.nodeType)).toEqual(expect.arrayContaining(['Aggregate', 'Function Scan']));
  });

  it('changes a price in 1 + (wishlist holders) documents, never in order history', async () => {
    const bookId = mostWishedBook(store);
    const holders = wishlistHolders(store, bookId);
    const newPrice = store.books[bookId - 1]!.priceCents + 250;
    const ordersBefore = await orderDocumentsText();
    const footprint = expectedPriceChangeFootprint(store, bookId).document;
    expect(holders.length).toBeGreaterThan(1);

    expect(await changeBookPriceDocument(db, bookId, newPrice)).toEqual(footprint);
    expect(footprint.updated).toBe(1 + holders.length);

    expect((await getBookDocument(db, bookId))!.priceCents).toBe(newPrice);
    for (const customerId of holders) {
      const entries = await wishlistDocument(db, customerId);
      expect(entries.find((e) => e.bookId === bookId)!.priceCents).toBe(newPrice);
      // The other entries and their order are untouched.
      const seeded = store.customers[customerId - 1]!.wishlist;
      expect(entries.map((e) => e.bookId)).toEqual(seeded);
      for (const e of entries.filter((e) => e.bookId !== bookId)) {
        expect(e.priceCents).toBe(store.books[e.bookId - 1]!.priceCents);
      }
    }
    expect(await orderDocumentsText()).toEqual(ordersBefore);
    await changeBookPriceDocument(db, bookId, store.books[bookId - 1]!.priceCents);
  });

  it('places an order as one transaction with embedded snapshots', async () => {
    const [a, b] = store.books.filter((book) => book.stock >= 1);
    const customer = store.customers[4]!;
    const at = new Date('2025-03-01T12:00:00.000Z');
    const placed = await placeOrderDocument(
      db,
      {
        customerId: customer.id,
        lines: [
          { bookId: b!.id, quantity: 1 },
          { bookId: a!.id, quantity: 1 },
        ],
      },
      at,
    );
    expect(placed.orderId).toBe(store.orders.length + 1);
    expect(placed.totalCents).toBe(a!.priceCents + b!.priceCents);
    expect(await getOrderDocument(db, placed.orderId)).toMatchObject({
      customerId: customer.id,
      customer: { name: customer.name, email: customer.email },
      placedAt: at.toISOString(),
      lines: [
        { bookId: b!.id, title: b!.title, author: b!.author, quantity: 1, unitPriceCents: b!.priceCents },
        { bookId: a!.id, title: a!.title, author: a!.author, quantity: 1, unitPriceCents: a!.priceCents },
      ],
    });
    expect((await getBookDocument(db, a!.id))!.stock).toBe(a!.stock - 1);
    await expect(placeOrderDocument(db, { customerId: 9999, lines: [{ bookId: 1, quantity: 1 }] })).rejects.toThrow(
      /no customer 9999/,
    );
  });

  it('rolls the whole order back when one line would take stock below zero', async () => {
    const { empty, inStock } = outOfStockAfterInStock(store.books);
    const stockBefore = (await getBookDocument(db, inStock.id))!.stock;
    const ordersBefore = await orderDocumentsText();

    const attempt = placeOrderDocument(db, {
      customerId: 1,
      lines: [
        { bookId: empty.id, quantity: 1 },
        { bookId: inStock.id, quantity: 1 },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientStockError);

    expect((await getBookDocument(db, inStock.id))!.stock).toBe(stockBefore);
    expect(await orderDocumentsText()).toEqual(ordersBefore);
  });

  it('deletes a book without foreign keys: the application removes wishlist copies, orders keep snapshots', async () => {
    const bookId = mostWishedBook(store);
    const ordersBefore = await orderDocumentsText();
    const holder = wishlistHolders(store, bookId)[0]!;
    expect(await deleteBookDocument(db, bookId)).toBe(true);
    expect((await wishlistDocument(db, holder)).map((e) => e.bookId)).not.toContain(bookId);
    expect(await orderDocumentsText()).toEqual(ordersBefore);
  });
});
