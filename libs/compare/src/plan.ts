import { InsufficientStockError, type Bookstore } from '@lab/seed';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { CompareEngine } from './engine';
import { keyChooser, seededRandom, weightedPicker } from './keys';
import type { ScheduledOperation } from './open-loop';
import type { OperationName, Workload } from './workload';

/** Books a range scan returns. */
export const RANGE_SCAN_LENGTH = 20;
export const TOP_BOOKS_LIMIT = 10;

/** The work of one operation on one engine with its arguments drawn. */
export type OperationBody = (engine: CompareEngine) => Promise<unknown>;

/**
 * Draws the workload's operations and their keys from one seeded generator per repetition, so every
 * engine is asked exactly the same sequence (which operation, which book, which customer, which
 * price). Returns the schedule's `next` for one engine.
 */
export function planOperations(
  workload: Workload,
  store: Bookstore,
  repetition: number,
): (index: number) => { name: OperationName; body: OperationBody } {
  const rng = seededRandom((workload.seed.seed * 7919 + repetition * 104_729) >>> 0);
  const book = keyChooser(rng, store.books.length, workload.keys);
  const customer = keyChooser(rng, store.customers.length, workload.keys);
  const pick = weightedPicker(
    rng,
    workload.operations.map((o) => o.weight),
  );
  const price = () => uniformInt(rng, 4, 59) * 100 + 99;
  return () => {
    const name = workload.operations[pick()]!.name;
    return { name, body: bodyOf(name, book, customer, price) };
  };
}

function bodyOf(name: OperationName, book: () => number, customer: () => number, price: () => number): OperationBody {
  switch (name) {
    case 'point-read': {
      const bookId = book();
      return (engine) => engine.pointRead(bookId);
    }
    case 'order-history': {
      const customerId = customer();
      return (engine) => engine.orderHistory(customerId);
    }
    case 'top-books':
      return (engine) => engine.topBooks(TOP_BOOKS_LIMIT);
    case 'price-change': {
      const bookId = book();
      const cents = price();
      return (engine) => engine.priceChange(bookId, cents);
    }
    case 'new-order': {
      const order = { customerId: customer(), lines: [{ bookId: book(), quantity: 1 }] };
      // Out of stock is an answer, not a failure: the transaction ran and wrote nothing.
      return (engine) =>
        engine.newOrder(order).catch((error: unknown) => {
          if (!(error instanceof InsufficientStockError)) throw error;
        });
    }
    case 'range-scan': {
      const fromBookId = book();
      return (engine) => engine.rangeScan(fromBookId, RANGE_SCAN_LENGTH);
    }
    case 'read-modify-write': {
      const bookId = book();
      return async (engine) => {
        const current = await engine.pointRead(bookId);
        if (!current) throw new Error(`book ${bookId} not found`);
        await engine.priceChange(bookId, current.priceCents >= 5999 ? 499 : current.priceCents + 100);
      };
    }
  }
}

/** The schedule's `next` for one engine. */
export function scheduleFor(
  engine: CompareEngine,
  plan: (index: number) => { name: OperationName; body: OperationBody },
): (index: number) => ScheduledOperation {
  return (index) => {
    const { name, body } = plan(index);
    return { name, run: () => body(engine) };
  };
}
