import { InsufficientStockError, lockOrder, NewOrder, OrderSummary, validateNewOrder } from '@lab/seed';
import type { DataSource, EntityManager } from 'typeorm';
import { foldOrderRows, OrderLineRow } from './fold-order-rows';

/** A customer's orders, newest first: two JOINs, served by orders_customer_history_idx. */
export const ORDER_HISTORY_SQL = `
  SELECT o.id AS order_id, o.placed_at, l.book_id, b.title, l.quantity, l.unit_price_cents
  FROM orders o
  JOIN order_lines l ON l.order_id = o.id
  JOIN books b ON b.id = l.book_id
  WHERE o.customer_id = $1
  ORDER BY o.placed_at DESC, o.id DESC, l.line_no`;

export async function orderHistory(db: DataSource, customerId: number): Promise<OrderSummary[]> {
  return foldOrderRows(await db.query<OrderLineRow[]>(ORDER_HISTORY_SQL, [customerId]));
}

export async function getOrder(
  db: DataSource,
  orderId: number,
): Promise<(OrderSummary & { customerId: number }) | undefined> {
  const rows = await db.query<(OrderLineRow & { customer_id: number })[]>(
    `SELECT o.customer_id, o.id AS order_id, o.placed_at, l.book_id, b.title, l.quantity, l.unit_price_cents
     FROM orders o
     JOIN order_lines l ON l.order_id = o.id
     JOIN books b ON b.id = l.book_id
     WHERE o.id = $1
     ORDER BY l.line_no`,
    [orderId],
  );
  const [order] = foldOrderRows(rows);
  return order && { ...order, customerId: rows[0]!.customer_id };
}

/** Lines go with the order (ON DELETE CASCADE). Stock is not given back: this erases history. */
export async function deleteOrder(db: DataSource, orderId: number): Promise<boolean> {
  const [, affected] = await db.query<[unknown, number]>(`DELETE FROM orders WHERE id = $1`, [orderId]);
  return affected > 0;
}

/**
 * One transaction: take each line's copies from stock, then write the order and its lines. If any
 * line lacks stock, the whole transaction rolls back, including the decrements already made.
 *
 * The decrement is conditional (`AND stock >= quantity`) instead of read-then-write, so two
 * concurrent orders cannot both take the last copy: the second waits for the first's row lock,
 * re-checks, and finds no stock. Lines are visited in book-id order so concurrent orders lock rows
 * in the same order and cannot deadlock. The unit price is read in the same statement: the price
 * paid is the price at the moment of purchase.
 */
export async function placeOrder(db: DataSource, order: NewOrder, at: Date = new Date()): Promise<OrderSummary> {
  validateNewOrder(order);
  return db.transaction(async (tx) => {
    const taken = new Map<number, { title: string; unitPriceCents: number }>();
    for (const index of lockOrder(order)) {
      const { bookId, quantity } = order.lines[index]!;
      const [rows] = await tx.query<[{ title: string; price_cents: number }[], number]>(
        `UPDATE books SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING title, price_cents`,
        [bookId, quantity],
      );
      const row = rows[0];
      if (!row) throw await missingOrShort(tx, bookId, quantity);
      taken.set(bookId, { title: row.title, unitPriceCents: row.price_cents });
    }
    const [{ id: orderId }] = await tx.query<[{ id: number }]>(
      `INSERT INTO orders (customer_id, placed_at) VALUES ($1, $2) RETURNING id`,
      [order.customerId, at],
    );
    const lines = order.lines.map((line) => ({ ...line, ...taken.get(line.bookId)! }));
    await tx.query(
      `INSERT INTO order_lines (order_id, line_no, book_id, quantity, unit_price_cents)
       SELECT $1, line_no, book_id, quantity, unit_price_cents
       FROM unnest($2::smallint[], $3::integer[], $4::integer[], $5::integer[])
         AS l(line_no, book_id, quantity, unit_price_cents)`,
      [
        orderId,
        lines.map((_, i) => i + 1),
        lines.map((l) => l.bookId),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceCents),
      ],
    );
    return {
      orderId,
      placedAt: at.toISOString(),
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
      lines: lines.map(({ bookId, title, quantity, unitPriceCents }) => ({ bookId, title, quantity, unitPriceCents })),
    };
  });
}

async function missingOrShort(tx: EntityManager, bookId: number, quantity: number): Promise<Error> {
  const [exists] = await tx.query<unknown[]>(`SELECT 1 FROM books WHERE id = $1`, [bookId]);
  return exists ? new InsufficientStockError(bookId, quantity) : new RangeError(`no book ${bookId}`);
}
