import {
  InsufficientStockError,
  lockOrder,
  NewOrder,
  OrderDocument,
  OrderLineDocument,
  OrderSummary,
  validateNewOrder,
} from '@lab/seed';
import type { DataSource, EntityManager } from 'typeorm';

type Row = { id: number; doc: Omit<OrderDocument, 'id'> };

const toSummary = ({ id, doc }: Row): OrderSummary => ({
  orderId: id,
  placedAt: doc.placedAt,
  totalCents: doc.totalCents,
  lines: doc.lines.map(({ bookId, title, quantity, unitPriceCents }) => ({ bookId, title, quantity, unitPriceCents })),
});

/**
 * No join: each order document already carries its lines and book titles. The expression index on
 * (customerId, placedAt) serves the filter and the sort, like the relational history index.
 */
export const ORDER_HISTORY_JSONB_SQL = `
  SELECT id, doc FROM docs.orders
  WHERE (doc->>'customerId')::integer = $1
  ORDER BY doc->>'placedAt' DESC, id DESC`;

export async function orderHistoryDocument(db: DataSource, customerId: number): Promise<OrderSummary[]> {
  return (await db.query<Row[]>(ORDER_HISTORY_JSONB_SQL, [customerId])).map(toSummary);
}

export async function getOrderDocument(db: DataSource, orderId: number): Promise<OrderDocument | undefined> {
  const [row] = await db.query<Row[]>(`SELECT id, doc FROM docs.orders WHERE id = $1`, [orderId]);
  return row && { id: row.id, ...row.doc };
}

export async function deleteOrderDocument(db: DataSource, orderId: number): Promise<boolean> {
  const [, deleted] = await db.query<[unknown, number]>(`DELETE FROM docs.orders WHERE id = $1`, [orderId]);
  return deleted > 0;
}

/**
 * The document twin of the relational placeOrder: one transaction, conditional decrements inside
 * the book documents in book-id order, then one order document with the snapshots. Without foreign
 * keys, the customer's existence is checked here, by the application.
 */
export async function placeOrderDocument(
  db: DataSource,
  order: NewOrder,
  at: Date = new Date(),
): Promise<OrderSummary> {
  validateNewOrder(order);
  return db.transaction(async (tx) => {
    const [customer] = await tx.query<{ name: string; email: string }[]>(
      `SELECT doc->>'name' AS name, doc->>'email' AS email FROM docs.customers WHERE id = $1`,
      [order.customerId],
    );
    if (!customer) throw new RangeError(`no customer ${order.customerId}`);
    const taken = new Map<number, Omit<OrderLineDocument, 'quantity' | 'bookId'>>();
    for (const index of lockOrder(order)) {
      const { bookId, quantity } = order.lines[index]!;
      const [rows] = await tx.query<[{ title: string; author: string; price_cents: number }[], number]>(
        `UPDATE docs.books
         SET doc = jsonb_set(doc, '{stock}', to_jsonb((doc->>'stock')::integer - $2))
         WHERE id = $1 AND (doc->>'stock')::integer >= $2
         RETURNING doc->>'title' AS title, doc->>'author' AS author, (doc->>'priceCents')::integer AS price_cents`,
        [bookId, quantity],
      );
      const row = rows[0];
      if (!row) throw await missingOrShort(tx, bookId, quantity);
      taken.set(bookId, { title: row.title, author: row.author, unitPriceCents: row.price_cents });
    }
    const lines: OrderLineDocument[] = order.lines.map(({ bookId, quantity }) => {
      const { title, author, unitPriceCents } = taken.get(bookId)!;
      return { bookId, title, author, quantity, unitPriceCents };
    });
    const doc: Omit<OrderDocument, 'id'> = {
      customerId: order.customerId,
      customer,
      placedAt: at.toISOString(),
      totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
      lines,
    };
    const [row] = await tx.query<Row[]>(`INSERT INTO docs.orders (doc) VALUES ($1::jsonb) RETURNING id, doc`, [
      JSON.stringify(doc),
    ]);
    return toSummary(row!);
  });
}

async function missingOrShort(tx: EntityManager, bookId: number, quantity: number): Promise<Error> {
  const [exists] = await tx.query<unknown[]>(`SELECT 1 FROM docs.books WHERE id = $1`, [bookId]);
  return exists ? new InsufficientStockError(bookId, quantity) : new RangeError(`no book ${bookId}`);
}
