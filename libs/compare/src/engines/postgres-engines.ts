import type { Book, Bookstore } from '@lab/seed';
import {
  changeBookPrice,
  changeBookPriceDocument,
  getBook,
  getBookDocument,
  openBookstore,
  orderHistory,
  orderHistoryDocument,
  ORDER_HISTORY_JSONB_SQL,
  ORDER_HISTORY_SQL,
  placeOrder,
  placeOrderDocument,
  seedJsonb,
  seedRelational,
  SYNC_WISHLIST_COPIES_SQL,
  TOP_BOOKS_JSONB_SQL,
  TOP_BOOKS_SQL,
  topBooksByRevenue,
  topBooksByRevenueDocument,
  type SqlConnectionConfig,
} from '@lab/sql';
import type { DataSource } from 'typeorm';
import type { CompareEngine } from '../engine';

const RANGE_SQL = `SELECT id, title, author, price_cents, stock FROM books WHERE id >= $1 ORDER BY id LIMIT $2`;
const RANGE_JSONB_SQL = `SELECT id, doc FROM docs.books WHERE id >= $1 ORDER BY id LIMIT $2`;

/** `postgresql://user:password@host:port/database` → the bookstore's connection settings. */
export function postgresConfig(url: string, poolSize: number): SqlConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    poolSize,
  };
}

/** Tables, joins and a transaction: the bookstore as `@lab/sql` teaches it. */
export async function openPostgresTables(url: string, poolSize = 8): Promise<CompareEngine> {
  const db = await openBookstore(postgresConfig(url, poolSize));
  return {
    name: 'postgresql',
    model: 'tables',
    load: async (store) => {
      await db.query(`TRUNCATE order_lines, orders, wishlist_items, books, customers RESTART IDENTITY CASCADE`);
      await seedRelational(db, store);
      await db.query('ANALYZE');
    },
    pointRead: (bookId) => getBook(db, bookId),
    orderHistory: (customerId) => orderHistory(db, customerId),
    topBooks: (limit) => topBooksByRevenue(db, limit),
    priceChange: (bookId, priceCents) => changeBookPrice(db, bookId, priceCents),
    newOrder: (order, at) => placeOrder(db, order, at),
    rangeScan: async (fromBookId, count) =>
      (
        await db.query<{ id: number; title: string; author: string; price_cents: number; stock: number }[]>(RANGE_SQL, [
          fromBookId,
          count,
        ])
      ).map((r): Book => ({ id: r.id, title: r.title, author: r.author, priceCents: r.price_cents, stock: r.stock })),
    statements: () => ({
      'point-read': 'SELECT id, title, author, price_cents, stock FROM books WHERE id = $1',
      'order-history': ORDER_HISTORY_SQL,
      'top-books': TOP_BOOKS_SQL,
      'price-change': 'UPDATE books SET price_cents = $2 WHERE id = $1',
      'new-order':
        'BEGIN; SELECT … FROM books WHERE id = ANY($1) ORDER BY id FOR UPDATE; UPDATE books SET stock = stock - $2 …; INSERT INTO orders …; INSERT INTO order_lines …; COMMIT',
      'range-scan': RANGE_SQL,
    }),
    close: () => db.destroy(),
  };
}

/** The same bookstore as JSONB documents on PostgreSQL: wishlists embed prices, so a change fans out. */
export async function openPostgresJsonb(url: string, poolSize = 8): Promise<CompareEngine> {
  const db: DataSource = await openBookstore(postgresConfig(url, poolSize));
  return {
    name: 'postgresql-jsonb',
    model: 'JSONB documents',
    load: async (store: Bookstore) => {
      await db.query(`TRUNCATE docs.orders, docs.customers, docs.books RESTART IDENTITY`);
      await seedJsonb(db, store);
      await db.query('ANALYZE');
    },
    pointRead: (bookId) => getBookDocument(db, bookId),
    orderHistory: (customerId) => orderHistoryDocument(db, customerId),
    topBooks: (limit) => topBooksByRevenueDocument(db, limit),
    priceChange: (bookId, priceCents) => changeBookPriceDocument(db, bookId, priceCents),
    newOrder: (order, at) => placeOrderDocument(db, order, at),
    rangeScan: async (fromBookId, count) =>
      (await db.query<{ id: number; doc: Omit<Book, 'id'> }[]>(RANGE_JSONB_SQL, [fromBookId, count])).map(
        ({ id, doc }): Book => ({
          id,
          title: doc.title,
          author: doc.author,
          priceCents: doc.priceCents,
          stock: doc.stock,
        }),
      ),
    statements: () => ({
      'point-read': 'SELECT id, doc FROM docs.books WHERE id = $1',
      'order-history': ORDER_HISTORY_JSONB_SQL,
      'top-books': TOP_BOOKS_JSONB_SQL,
      'price-change': `UPDATE docs.books SET doc = doc || $2 WHERE id = $1; ${SYNC_WISHLIST_COPIES_SQL}`,
      'new-order':
        'BEGIN; SELECT … FROM docs.books … FOR UPDATE; UPDATE docs.books SET doc = jsonb_set(doc, stock …); INSERT INTO docs.orders …; COMMIT',
      'range-scan': RANGE_JSONB_SQL,
    }),
    close: () => db.destroy(),
  };
}
