import {
  InsufficientStockError,
  lockOrder,
  totalCents,
  validateNewOrder,
  type Book,
  type BookRevenue,
  type Bookstore,
  type OrderSummary,
} from '@lab/seed';
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import type { CompareEngine } from '../engine';
import { bindLiterals, explainProbes, type PlanProbe } from '../explain';

/** The bookstore on InnoDB: the same tables, keys and indexes as on PostgreSQL. */
const SCHEMA = [
  `CREATE TABLE customers (
     id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, email VARCHAR(200) NOT NULL UNIQUE,
     city VARCHAR(100) NOT NULL) ENGINE=InnoDB`,
  `CREATE TABLE books (
     id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(300) NOT NULL, author VARCHAR(200) NOT NULL,
     price_cents INT NOT NULL CHECK (price_cents >= 0), stock INT NOT NULL CHECK (stock >= 0)) ENGINE=InnoDB`,
  `CREATE TABLE orders (
     id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, placed_at DATETIME(3) NOT NULL,
     KEY orders_customer_history_idx (customer_id, placed_at DESC, id DESC),
     FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB`,
  `CREATE TABLE order_lines (
     order_id INT NOT NULL, line_no SMALLINT NOT NULL, book_id INT NOT NULL,
     quantity INT NOT NULL CHECK (quantity > 0), unit_price_cents INT NOT NULL CHECK (unit_price_cents >= 0),
     PRIMARY KEY (order_id, line_no), UNIQUE KEY (order_id, book_id),
     FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
     FOREIGN KEY (book_id) REFERENCES books (id)) ENGINE=InnoDB`,
  `CREATE TABLE wishlist_items (
     customer_id INT NOT NULL, book_id INT NOT NULL, PRIMARY KEY (customer_id, book_id), KEY (book_id),
     FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
     FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE) ENGINE=InnoDB`,
];
const TABLES_DROP_ORDER = ['wishlist_items', 'order_lines', 'orders', 'books', 'customers'];

const POINT_READ_SQL = 'SELECT id, title, author, price_cents, stock FROM books WHERE id = ?';
const RANGE_SQL = 'SELECT id, title, author, price_cents, stock FROM books WHERE id >= ? ORDER BY id LIMIT ?';
const ORDER_HISTORY_SQL = `
  SELECT o.id AS order_id, o.placed_at, l.book_id, b.title, l.quantity, l.unit_price_cents
  FROM orders o
  JOIN order_lines l ON l.order_id = o.id
  JOIN books b ON b.id = l.book_id
  WHERE o.customer_id = ?
  ORDER BY o.placed_at DESC, o.id DESC, l.line_no`;
const TOP_BOOKS_SQL = `
  SELECT b.id AS book_id, b.title, SUM(l.quantity) AS units_sold, SUM(l.quantity * l.unit_price_cents) AS revenue_cents
  FROM order_lines l
  JOIN books b ON b.id = l.book_id
  GROUP BY b.id, b.title
  ORDER BY revenue_cents DESC, b.id
  LIMIT ?`;
const PRICE_SQL = 'UPDATE books SET price_cents = ? WHERE id = ?';

const maria = (sql: string, ...values: number[]) => bindLiterals(sql, values, 'question');

/** The statements with sample values (book 1, customer 1, the top 10, 20 books from book 1). */
const PROBES: PlanProbe[] = [
  { operation: 'point-read', explain: true, statement: maria(POINT_READ_SQL, 1) },
  { operation: 'order-history', explain: true, statement: maria(ORDER_HISTORY_SQL, 1) },
  { operation: 'top-books', explain: true, statement: maria(TOP_BOOKS_SQL, 10) },
  { operation: 'price-change', explain: true, statement: maria(PRICE_SQL, 1999, 1) },
  {
    operation: 'new-order',
    explain: true,
    statement: 'SELECT id, title, author, price_cents, stock FROM books WHERE id IN (1) ORDER BY id FOR UPDATE',
    note: "the transaction's first statement (locks the books); then one UPDATE per line and two INSERTs",
  },
  { operation: 'range-scan', explain: true, statement: maria(RANGE_SQL, 1, 20) },
];

/** Rows go in this many at a time: one multi-row INSERT stays far below max_allowed_packet. */
const BATCH = 1000;

type BookRow = RowDataPacket & { id: number; title: string; author: string; price_cents: number; stock: number };

const toBook = (r: BookRow): Book => ({
  id: r.id,
  title: r.title,
  author: r.author,
  priceCents: r.price_cents,
  stock: r.stock,
});

/** ISO-8601 UTC ↔ DATETIME(3), which stores the UTC wall time as written (no zone conversion). */
const toDatetime = (iso: string) => iso.replace('T', ' ').replace('Z', '');
const fromDatetime = (value: string) => `${value.replace(' ', 'T')}Z`;

export async function openMariadbTables(url: string, poolSize = 8): Promise<CompareEngine> {
  const pool: Pool = createPool({
    uri: url,
    connectionLimit: poolSize,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    flags: ['-LOCAL_FILES'],
  });
  await pool.query('SELECT 1');

  const load = async (store: Bookstore) => {
    const connection = await pool.getConnection();
    try {
      for (const table of TABLES_DROP_ORDER) await connection.query(`DROP TABLE IF EXISTS ${table}`);
      for (const ddl of SCHEMA) await connection.query(ddl);
      await insertRows(
        connection,
        'customers (id, name, email, city)',
        store.customers.map((c) => [c.id, c.name, c.email, c.city]),
      );
      await insertRows(
        connection,
        'books (id, title, author, price_cents, stock)',
        store.books.map((b) => [b.id, b.title, b.author, b.priceCents, b.stock]),
      );
      await insertRows(
        connection,
        'wishlist_items (customer_id, book_id)',
        store.customers.flatMap((c) => c.wishlist.map((bookId) => [c.id, bookId])),
      );
      await insertRows(
        connection,
        'orders (id, customer_id, placed_at)',
        store.orders.map((o) => [o.id, o.customerId, toDatetime(o.placedAt)]),
      );
      await insertRows(
        connection,
        'order_lines (order_id, line_no, book_id, quantity, unit_price_cents)',
        store.orders.flatMap((o) => o.lines.map((l, i) => [o.id, i + 1, l.bookId, l.quantity, l.unitPriceCents])),
      );
      await connection.query('ANALYZE TABLE customers, books, orders, order_lines, wishlist_items');
    } finally {
      connection.release();
    }
  };

  const newOrder: CompareEngine['newOrder'] = async (input, at = new Date()) => {
    const order = validateNewOrder(input);
    const placedAt = new Date(Math.floor(at.getTime())).toISOString();
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const ids = lockOrder(order).map((i) => order.lines[i]!.bookId);
      const [rows] = await connection.query<BookRow[]>(
        `SELECT id, title, author, price_cents, stock FROM books WHERE id IN (?) ORDER BY id FOR UPDATE`,
        [ids],
      );
      const books = new Map(rows.map((r) => [r.id, r]));
      for (const line of order.lines) {
        const book = books.get(line.bookId);
        if (!book || book.stock < line.quantity) throw new InsufficientStockError(line.bookId, line.quantity);
      }
      for (const index of lockOrder(order)) {
        const line = order.lines[index]!;
        await connection.query('UPDATE books SET stock = stock - ? WHERE id = ?', [line.quantity, line.bookId]);
      }
      const [inserted] = await connection.query<import('mysql2').ResultSetHeader>(
        'INSERT INTO orders (customer_id, placed_at) VALUES (?, ?)',
        [order.customerId, toDatetime(placedAt)],
      );
      const lines = order.lines.map((line) => {
        const book = books.get(line.bookId)!;
        return { bookId: line.bookId, title: book.title, quantity: line.quantity, unitPriceCents: book.price_cents };
      });
      await connection.query(
        'INSERT INTO order_lines (order_id, line_no, book_id, quantity, unit_price_cents) VALUES ?',
        [lines.map((l, i) => [inserted.insertId, i + 1, l.bookId, l.quantity, l.unitPriceCents])],
      );
      await connection.commit();
      return { orderId: inserted.insertId, placedAt, totalCents: totalCents(lines), lines };
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  };

  return {
    name: 'mariadb',
    model: 'InnoDB tables',
    load,
    pointRead: async (bookId) => {
      const [rows] = await pool.query<BookRow[]>(POINT_READ_SQL, [bookId]);
      return rows[0] && toBook(rows[0]);
    },
    orderHistory: async (customerId) => {
      const [rows] = await pool.query<RowDataPacket[]>(ORDER_HISTORY_SQL, [customerId]);
      const orders: OrderSummary[] = [];
      for (const r of rows) {
        let order = orders.at(-1);
        if (!order || order.orderId !== r.order_id) {
          order = { orderId: r.order_id, placedAt: fromDatetime(r.placed_at), totalCents: 0, lines: [] };
          orders.push(order);
        }
        order.lines.push({
          bookId: r.book_id,
          title: r.title,
          quantity: r.quantity,
          unitPriceCents: r.unit_price_cents,
        });
        order.totalCents += r.quantity * r.unit_price_cents;
      }
      return orders;
    },
    topBooks: async (limit) => {
      const [rows] = await pool.query<RowDataPacket[]>(TOP_BOOKS_SQL, [limit]);
      return rows.map((r): BookRevenue => ({
        bookId: r.book_id,
        title: r.title,
        unitsSold: Number(r.units_sold),
        revenueCents: Number(r.revenue_cents),
      }));
    },
    priceChange: async (bookId, priceCents) => {
      const [result] = await pool.query<import('mysql2').ResultSetHeader>(PRICE_SQL, [priceCents, bookId]);
      return { updated: result.affectedRows, breakdown: { books: result.affectedRows } };
    },
    newOrder,
    rangeScan: async (fromBookId, count) => {
      const [rows] = await pool.query<BookRow[]>(RANGE_SQL, [fromBookId, count]);
      return rows.map(toBook);
    },
    statements: () => ({
      'point-read': POINT_READ_SQL,
      'order-history': ORDER_HISTORY_SQL,
      'top-books': TOP_BOOKS_SQL,
      'price-change': PRICE_SQL,
      'new-order':
        'START TRANSACTION; SELECT … FROM books WHERE id IN (?) ORDER BY id FOR UPDATE; UPDATE books SET stock = stock - ? …; INSERT INTO orders …; INSERT INTO order_lines …; COMMIT',
      'range-scan': RANGE_SQL,
    }),
    explain: () => explainProbes('mariadb', url, PROBES),
    close: () => pool.end(),
  };
}

async function insertRows(connection: PoolConnection, into: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await connection.query(`INSERT INTO ${into} VALUES ?`, [rows.slice(i, i + BATCH)]);
  }
}
