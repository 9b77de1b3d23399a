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
import { bindLiterals, explainProbes, type PlanProbe } from '../explain';

const POINT_READ_SQL = 'SELECT id, title, author, price_cents, stock FROM books WHERE id = $1';
const POINT_READ_JSONB_SQL = 'SELECT id, doc FROM docs.books WHERE id = $1';
const PRICE_SQL = 'UPDATE books SET price_cents = $2 WHERE id = $1';
const RANGE_SQL = `SELECT id, title, author, price_cents, stock FROM books WHERE id >= $1 ORDER BY id LIMIT $2`;
const RANGE_JSONB_SQL = `SELECT id, doc FROM docs.books WHERE id >= $1 ORDER BY id LIMIT $2`;

/** Sample values the plans are made with: book 1, customer 1, the top 10, 20 books from book 1. */
const pg = (sql: string, ...values: (number | string)[]) => bindLiterals(sql, values, 'dollar');

const TABLES_PROBES: PlanProbe[] = [
  { operation: 'point-read', explain: true, statement: pg(POINT_READ_SQL, 1) },
  { operation: 'order-history', explain: true, statement: pg(ORDER_HISTORY_SQL, 1) },
  { operation: 'top-books', explain: true, statement: pg(TOP_BOOKS_SQL, 10) },
  { operation: 'price-change', explain: true, statement: pg(PRICE_SQL, 1, 1999) },
  {
    operation: 'new-order',
    explain: true,
    statement: pg(
      'UPDATE books SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING title, price_cents',
      1,
      1,
    ),
    note: "the transaction's stock update per line; then one INSERT into orders and one into order_lines",
  },
  { operation: 'range-scan', explain: true, statement: pg(RANGE_SQL, 1, 20) },
];

const JSONB_PROBES: PlanProbe[] = [
  { operation: 'point-read', explain: true, statement: pg(POINT_READ_JSONB_SQL, 1) },
  { operation: 'order-history', explain: true, statement: pg(ORDER_HISTORY_JSONB_SQL, 1) },
  { operation: 'top-books', explain: true, statement: pg(TOP_BOOKS_JSONB_SQL, 10) },
  {
    operation: 'price-change',
    explain: true,
    statement: pg(SYNC_WISHLIST_COPIES_SQL, 1, '{"priceCents": 1999}'),
    note: 'the fan-out: every wishlist embedding the book is rewritten (after the book itself, by id)',
  },
  {
    operation: 'new-order',
    explain: true,
    statement: pg(
      `UPDATE docs.books SET doc = jsonb_set(doc, '{stock}', to_jsonb((doc->>'stock')::integer - $2)) WHERE id = $1 AND (doc->>'stock')::integer >= $2`,
      1,
      1,
    ),
    note: "the transaction's stock update per line; then one INSERT of the order document",
  },
  { operation: 'range-scan', explain: true, statement: pg(RANGE_JSONB_SQL, 1, 20) },
];

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
      'point-read': POINT_READ_SQL,
      'order-history': ORDER_HISTORY_SQL,
      'top-books': TOP_BOOKS_SQL,
      'price-change': PRICE_SQL,
      'new-order':
        'BEGIN; SELECT … FROM books WHERE id = ANY($1) ORDER BY id FOR UPDATE; UPDATE books SET stock = stock - $2 …; INSERT INTO orders …; INSERT INTO order_lines …; COMMIT',
      'range-scan': RANGE_SQL,
    }),
    explain: () => explainProbes('postgresql', url, TABLES_PROBES),
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
      'point-read': POINT_READ_JSONB_SQL,
      'order-history': ORDER_HISTORY_JSONB_SQL,
      'top-books': TOP_BOOKS_JSONB_SQL,
      'price-change': `UPDATE docs.books SET doc = doc || $2 WHERE id = $1; ${SYNC_WISHLIST_COPIES_SQL}`,
      'new-order':
        'BEGIN; SELECT … FROM docs.books … FOR UPDATE; UPDATE docs.books SET doc = jsonb_set(doc, stock …); INSERT INTO docs.orders …; COMMIT',
      'range-scan': RANGE_JSONB_SQL,
    }),
    explain: () => explainProbes('postgresql', url, JSONB_PROBES),
    close: () => db.destroy(),
  };
}
