import type { OrderSummary } from '@lab/seed';

/** One row of the order-history JOIN: the order's columns repeat on every line. */
export interface OrderLineRow {
  order_id: number;
  placed_at: Date;
  book_id: number;
  title: string;
  quantity: number;
  unit_price_cents: number;
}

/**
 * A JOIN returns one flat row per line; the page wants one order with its lines. Rows must arrive
 * grouped by order (ORDER BY order, line), which the query guarantees; the total is summed here so
 * the SQL stays a plain join.
 */
export function foldOrderRows(rows: readonly OrderLineRow[]): OrderSummary[] {
  const orders: OrderSummary[] = [];
  for (const row of rows) {
    let current = orders.at(-1);
    if (current?.orderId !== row.order_id) {
      current = { orderId: row.order_id, placedAt: row.placed_at.toISOString(), totalCents: 0, lines: [] };
      orders.push(current);
    }
    current.lines.push({
      bookId: row.book_id,
      title: row.title,
      quantity: row.quantity,
      unitPriceCents: row.unit_price_cents,
    });
    current.totalCents += row.quantity * row.unit_price_cents;
  }
  return orders;
}
