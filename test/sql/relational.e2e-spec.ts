import {
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  generateBookstore,
  InsufficientStockError,
  mostWishedBook,
} from '@lab/seed';
import {
  changeBookPrice,
  createBook,
  createCustomer,
  deleteBook,
  deleteCustomer,
  deleteOrder,
  explain,
  getBook,
  getCustomer,
  getOrder,
  listBooks,
  listCustomers,
  openBookstore,
  ORDER_HISTORY_SQL,
  orderHistory,
  placeOrder,
  planSteps,
  seedBookstore,
  TOP_BOOKS_SQL,
  topBooksByRevenue,
  updateBook,
  updateCustomer,
  wishlist,
} from '@lab/sql';
import type { DataSource } from 'typeorm';
import { createTestLab } from '../support/lab-runtime';
import { provisionBookstorePostgres } from './support/bookstore-postgres';

/** The relational bookstore on a real PostgreSQL sandbox, seeded from @lab/seed. */
/** A book out of stock and one in stock with a lower id (its line comes first in an order). */
function outOfStockAfterInStock<B extends { id: number; stock: number }>(books: B[]): { empty: B; inStock: B } {
  const empty = books.find((book) => book.stock === 0 && books.some((o) => o.id < book.id && o.stock > 0))!;
  const inStock = books.find((book) => book.id < empty.id && book.stock > 0)!;
  return { empty, inStock };
}

describe('sql: relational bookstore on PostgreSQL', () => {
  const lab = createTestLab();
  const store = generateBookstore({ seed: 42, size: 2 });
  let db: DataSource;

  beforeAll(async () => {
    const { config } = await provisionBookstorePostgres(lab, 'sql-rel');
    db = await openBookstore(config);
    await seedBookstore(db, store);
  });
  afterAll(async () => {
    await db?.destroy();
    await lab.reap();
  });

  it('creates, reads, lists, updates and deletes books and customers, returning plain objects', async () => {
    const book = await createBook(db, { title: 'Normal Forms', author: 'E. F. Codd', priceCents: 2599, stock: 3 });
    expect(book).toEqual({
      id: store.books.length + 1,
      title: 'Normal Forms',
      author: 'E. F. Codd',
      priceCents: 2599,
      stock: 3,
    });
    expect(Object.getPrototypeOf(book)).toBe(Object.prototype);
    expect(await updateBook(db, book.id, { stock: 5 })).toEqual({ ...book, stock: 5 });
    expect(await updateBook(db, 9999, { stock: 5 })).toBeUndefined();
    expect((await listBooks(db, { limit: 3 })).map((b) => b.id)).toEqual([1, 2, 3]);
    expect(await deleteBook(db, book.id)).toBe(true);
    expect(await getBook(db, book.id)).toBeUndefined();

    const customer = await createCustomer(db, { name: 'Grace', email: 'grace@example.org', city: 'Turku' });
    expect(await getCustomer(db, customer.id)).toEqual(customer);
    expect(await updateCustomer(db, customer.id, { city: 'Tartu' })).toEqual({ ...customer, city: 'Tartu' });
    expect(await listCustomers(db, { offset: 1, limit: 1 })).toEqual([
      { id: 2, name: store.customers[1]!.name, email: store.customers[1]!.email, city: store.customers[1]!.city },
    ]);
    expect(await deleteCustomer(db, customer.id)).toBe(true);
  });

  it('refuses what the foreign keys and unique constraints forbid', async () => {
    const soldBook = store.orders[0]!.lines[0]!.bookId;
    await expect(deleteBook(db, soldBook)).rejects.toThrow(/foreign key/);
    await expect(deleteCustomer(db, store.orders[0]!.customerId)).rejects.toThrow(/foreign key/);
    await expect(createCustomer(db, { name: 'Dup', email: store.customers[0]!.email, city: 'Lyon' })).rejects.toThrow(
      /duplicate key/,
    );
  });

  it('answers a customer’s order history with a JOIN, equal to the seed’s', async () => {
    for (const customerId of [1, 2, store.customers.length]) {
      expect(await orderHistory(db, customerId)).toEqual(expectedOrderHistory(store, customerId));
    }
  });

  it('answers top books by revenue with GROUP BY, equal to the seed’s', async () => {
    expect(await topBooksByRevenue(db, 5)).toEqual(expectedTopBooks(store, 5));
  });

  it('changes a price by updating one row; history keeps the price paid, wishlists show the new one', async () => {
    const bookId = mostWishedBook(store);
    const book = store.books[bookId - 1]!;
    const before = await topBooksByRevenue(db, store.books.length);
    expect(await changeBookPrice(db, bookId, book.priceCents + 100)).toEqual(
      expectedPriceChangeFootprint(store, bookId).relational,
    );
    expect((await getBook(db, bookId))!.priceCents).toBe(book.priceCents + 100);
    expect(await topBooksByRevenue(db, store.books.length)).toEqual(before);
    const holder = store.customers.find((c) => c.wishlist.includes(bookId))!;
    expect((await wishlist(db, holder.id)).find((w) => w.bookId === bookId)!.priceCents).toBe(book.priceCents + 100);
    expect(await changeBookPrice(db, 9999, 100)).toEqual({ updated: 0, breakdown: { books: 0 } });
    await changeBookPrice(db, bookId, book.priceCents);
  });

  it('places an order in one transaction: stock down on every line, order and lines written', async () => {
    const [a, b] = store.books.filter((book) => book.stock >= 2);
    const at = new Date('2025-03-01T12:00:00.000Z');
    const placed = await placeOrder(
      db,
      {
        customerId: 3,
        lines: [
          { bookId: b!.id, quantity: 2 },
          { bookId: a!.id, quantity: 1 },
        ],
      },
      at,
    );
    expect(placed).toEqual({
      orderId: store.orders.length + 1,
      placedAt: at.toISOString(),
      totalCents: 2 * b!.priceCents + a!.priceCents,
      lines: [
        { bookId: b!.id, title: b!.title, quantity: 2, unitPriceCents: b!.priceCents },
        { bookId: a!.id, title: a!.title, quantity: 1, unitPriceCents: a!.priceCents },
      ],
    });
    expect((await getBook(db, a!.id))!.stock).toBe(a!.stock - 1);
    expect((await getBook(db, b!.id))!.stock).toBe(b!.stock - 2);
    expect(await getOrder(db, placed.orderId)).toEqual({ ...placed, customerId: 3 });
    expect((await orderHistory(db, 3))[0]).toEqual(placed);
    expect(await deleteOrder(db, placed.orderId)).toBe(true);
  });

  it('rolls the whole order back when one line would take stock below zero', async () => {
    // The book in stock has the lower id, so its decrement really happens before the failing line.
    const { empty, inStock } = outOfStockAfterInStock(store.books);
    const stockBefore = (await getBook(db, inStock.id))!.stock;
    const [{ n: ordersBefore }] = await db.query(`SELECT count(*)::integer AS n FROM orders`);
    const [{ n: linesBefore }] = await db.query(`SELECT count(*)::integer AS n FROM order_lines`);

    const attempt = placeOrder(db, {
      customerId: 1,
      lines: [
        { bookId: empty.id, quantity: 1 },
        { bookId: inStock.id, quantity: 1 },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientStockError);
    await expect(attempt).rejects.toMatchObject({ bookId: empty.id });

    expect((await getBook(db, inStock.id))!.stock).toBe(stockBefore);
    expect((await getBook(db, empty.id))!.stock).toBe(0);
    expect(await db.query(`SELECT count(*)::integer AS n FROM orders`)).toEqual([{ n: ordersBefore }]);
    expect(await db.query(`SELECT count(*)::integer AS n FROM order_lines`)).toEqual([{ n: linesBefore }]);
  });

  it('explains queries as JSON plans: GROUP BY aggregates, history reads orders', async () => {
    const top = planSteps(await explain(db, TOP_BOOKS_SQL, [5]));
    expect(top.map((s) => s.nodeType)).toContain('Aggregate');
    expect(top.map((s) => s.relation)).toEqual(expect.arrayContaining(['books', 'order_lines']));
    const history = await explain(db, ORDER_HISTORY_SQL, [1], { analyze: true });
    expect(history['Execution Time']).toEqual(expect.any(Number));
    expect(planSteps(history).map((s) => s.relation)).toEqual(
      expect.arrayContaining(['orders', 'order_lines', 'books']),
    );
  });

  it('rolls back what EXPLAIN ANALYZE executed', async () => {
    const book = store.books[0]!;
    await explain(db, `UPDATE books SET price_cents = 1 WHERE id = $1`, [book.id], { analyze: true });
    expect((await getBook(db, book.id))!.priceCents).toBe(book.priceCents);
  });
});
