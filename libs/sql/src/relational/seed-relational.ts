import type { Bookstore } from '@lab/seed';
import type { DataSource } from 'typeorm';

/**
 * Loads a generated bookstore into empty relational tables, one statement per table: `unnest` turns
 * parallel arrays into rows, so the parameter count stays fixed whatever the size (a multi-row
 * VALUES list would hit PostgreSQL's 65,535-parameter limit). Then each identity restarts after the
 * highest seeded id, so the next order gets the next number.
 */
export async function seedRelational(db: DataSource, store: Bookstore): Promise<void> {
  await db.transaction(async (tx) => {
    const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((row) => row[key]);
    await tx.query(
      `INSERT INTO customers (id, name, email, city)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[])`,
      [
        column(store.customers, 'id'),
        column(store.customers, 'name'),
        column(store.customers, 'email'),
        column(store.customers, 'city'),
      ],
    );
    await tx.query(
      `INSERT INTO books (id, title, author, price_cents, stock)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::integer[], $5::integer[])`,
      [
        column(store.books, 'id'),
        column(store.books, 'title'),
        column(store.books, 'author'),
        column(store.books, 'priceCents'),
        column(store.books, 'stock'),
      ],
    );
    const wishes = store.customers.flatMap((c) => c.wishlist.map((bookId) => ({ customerId: c.id, bookId })));
    await tx.query(
      `INSERT INTO wishlist_items (customer_id, book_id) SELECT * FROM unnest($1::integer[], $2::integer[])`,
      [column(wishes, 'customerId'), column(wishes, 'bookId')],
    );
    await tx.query(
      `INSERT INTO orders (id, customer_id, placed_at)
       SELECT * FROM unnest($1::integer[], $2::integer[], $3::timestamptz[])`,
      [column(store.orders, 'id'), column(store.orders, 'customerId'), column(store.orders, 'placedAt')],
    );
    const lines = store.orders.flatMap((o) => o.lines.map((line, i) => ({ orderId: o.id, lineNo: i + 1, ...line })));
    await tx.query(
      `INSERT INTO order_lines (order_id, line_no, book_id, quantity, unit_price_cents)
       SELECT * FROM unnest($1::integer[], $2::smallint[], $3::integer[], $4::integer[], $5::integer[])`,
      [
        column(lines, 'orderId'),
        column(lines, 'lineNo'),
        column(lines, 'bookId'),
        column(lines, 'quantity'),
        column(lines, 'unitPriceCents'),
      ],
    );
    for (const table of ['customers', 'books', 'orders']) await restartIdentity(tx, table);
  });
}

/** Shared with the JSONB model: the next generated id follows the highest existing one. */
export async function restartIdentity(db: Pick<DataSource, 'query'>, table: string): Promise<void> {
  await db.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`, [
    table,
  ]);
}
