import type { NewOrder } from './bookstore';

/**
 * The rules every store applies before touching data, so they all refuse the same orders: at least
 * one line, whole positive quantities, each book at most once (the line is the unit of stock
 * reservation; two lines for one book would make "which line failed" ambiguous).
 */
export function validateNewOrder(order: NewOrder): NewOrder {
  if (!Number.isSafeInteger(order.customerId) || order.customerId < 1) {
    throw new RangeError(`customerId must be a positive integer, got ${order.customerId}`);
  }
  if (order.lines.length === 0) throw new RangeError('an order needs at least one line');
  const seen = new Set<number>();
  for (const line of order.lines) {
    if (!Number.isSafeInteger(line.bookId) || line.bookId < 1) {
      throw new RangeError(`bookId must be a positive integer, got ${line.bookId}`);
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`quantity must be a positive integer, got ${line.quantity} for book ${line.bookId}`);
    }
    if (seen.has(line.bookId)) throw new RangeError(`book ${line.bookId} appears twice in one order`);
    seen.add(line.bookId);
  }
  return order;
}

/**
 * Line indexes in ascending book id: stores decrement stock in this order so two concurrent orders
 * lock the same rows in the same sequence and cannot deadlock each other.
 */
export function lockOrder(order: NewOrder): number[] {
  return order.lines
    .map((line, index) => ({ bookId: line.bookId, index }))
    .sort((a, b) => a.bookId - b.bookId)
    .map((l) => l.index);
}
