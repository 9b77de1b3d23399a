import { expectedOrderHistory, expectedTopBooks, mostWishedBook, totalCents, type Bookstore } from '@lab/seed';
import { describeDifferences } from './diff';
import type { CompareEngine } from './engine';
import { RANGE_SCAN_LENGTH, TOP_BOOKS_LIMIT } from './plan';

/** One wrong answer: which engine, which operation with which input, and how it differs. */
export interface AnswerMismatch {
  engine: string;
  operation: string;
  input: string;
  differences: string[];
}

/** Thrown before anything is timed: numbers of an engine that answers wrongly mean nothing. */
export class AnswerMismatchError extends Error {
  constructor(readonly mismatches: AnswerMismatch[]) {
    super(
      `wrong answers, nothing was timed:\n${mismatches
        .map((m) => `${m.engine} · ${m.operation}(${m.input}):\n  ${m.differences.join('\n  ')}`)
        .join('\n')}`,
    );
    this.name = 'AnswerMismatchError';
  }
}

/** A fixed instant for the checked new order, so its answer is predictable. */
const CHECK_ORDER_AT = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));

/**
 * Asks every operation on a freshly loaded engine and compares each answer with the seed's reference
 * answer (`@lab/seed`). Writes are checked by their effect as read back; the engine is left changed,
 * so the caller reloads it before timing. An operation that throws counts as a mismatch.
 */
export async function checkAnswers(engine: CompareEngine, store: Bookstore): Promise<AnswerMismatch[]> {
  const mismatches: AnswerMismatch[] = [];
  const compare = async (operation: string, input: string, expected: unknown, ask: () => Promise<unknown>) => {
    let actual: unknown;
    try {
      actual = await ask();
    } catch (error) {
      mismatches.push({ engine: engine.name, operation, input, differences: [`threw: ${(error as Error).message}`] });
      return;
    }
    const differences = describeDifferences(expected, actual);
    if (differences.length > 0) mismatches.push({ engine: engine.name, operation, input, differences });
  };
  const { books, customers } = store;
  const sampleBooks = [...new Set([1, Math.ceil(books.length / 2), books.length])];
  for (const id of sampleBooks) await compare('point-read', `${id}`, books[id - 1], () => engine.pointRead(id));
  await compare('point-read', `${books.length + 1}`, undefined, () => engine.pointRead(books.length + 1));

  const buyer = store.orders[0]!.customerId;
  for (const id of [...new Set([buyer, customers.length])]) {
    await compare('order-history', `${id}`, expectedOrderHistory(store, id), () => engine.orderHistory(id));
  }
  await compare('top-books', `${TOP_BOOKS_LIMIT}`, expectedTopBooks(store, TOP_BOOKS_LIMIT), () =>
    engine.topBooks(TOP_BOOKS_LIMIT),
  );
  const from = Math.max(1, books.length - RANGE_SCAN_LENGTH - 3);
  await compare(
    'range-scan',
    `${from}, ${RANGE_SCAN_LENGTH}`,
    books.slice(from - 1, from - 1 + RANGE_SCAN_LENGTH),
    () => engine.rangeScan(from, RANGE_SCAN_LENGTH),
  );

  // Writes, checked by what a read then sees.
  const wished = books[mostWishedBook(store) - 1]!;
  const newPrice = wished.priceCents + 1000;
  await compare('price-change', `${wished.id}, ${newPrice}`, { ...wished, priceCents: newPrice }, async () => {
    await engine.priceChange(wished.id, newPrice);
    return engine.pointRead(wished.id);
  });

  const inStock = books.find((b) => b.stock > 0 && b.id !== wished.id)!;
  const customerId = customers.length;
  const line = { bookId: inStock.id, title: inStock.title, quantity: 1, unitPriceCents: inStock.priceCents };
  const expectedOrder = {
    orderId: store.orders.length + 1,
    placedAt: CHECK_ORDER_AT.toISOString(),
    totalCents: totalCents([line]),
    lines: [line],
  };
  await compare(
    'new-order',
    `customer ${customerId}, book ${inStock.id} × 1`,
    { placed: expectedOrder, newestInHistory: expectedOrder, stock: inStock.stock - 1 },
    async () => {
      const placed = await engine.newOrder(
        { customerId, lines: [{ bookId: inStock.id, quantity: 1 }] },
        CHECK_ORDER_AT,
      );
      const [newestInHistory] = await engine.orderHistory(customerId);
      const stock = (await engine.pointRead(inStock.id))?.stock;
      return { placed, newestInHistory, stock };
    },
  );
  return mismatches;
}

/**
 * A reset is only trusted once the engine answers like the seed again: the top books (which read
 * every order line) and the first and last book. Throws with the difference otherwise.
 */
export async function verifyReset(engine: CompareEngine, store: Bookstore): Promise<void> {
  const actual = {
    top: await engine.topBooks(TOP_BOOKS_LIMIT),
    first: await engine.pointRead(1),
    last: await engine.pointRead(store.books.length),
  };
  const expected = {
    top: expectedTopBooks(store, TOP_BOOKS_LIMIT),
    first: store.books[0],
    last: store.books.at(-1),
  };
  const differences = describeDifferences(expected, actual);
  if (differences.length > 0) {
    throw new AnswerMismatchError([{ engine: engine.name, operation: 'reset', input: 'seed', differences }]);
  }
}
