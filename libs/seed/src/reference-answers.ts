import type { BookRevenue, Bookstore, OrderSummary } from './bookstore';

/**
 * The answers every store must give on a freshly seeded database, computed in memory from the seed:
 * the oracle of the cross-store tests. Orderings and tie-breaks here are the contract.
 */

export function totalCents(lines: readonly { quantity: number; unitPriceCents: number }[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/** Newest first (by time, then id); lines in line-number order with the book's title. */
export function expectedOrderHistory(store: Bookstore, customerId: number): OrderSummary[] {
  const titles = new Map(store.books.map((b) => [b.id, b.title]));
  return store.orders
    .filter((order) => order.customerId === customerId)
    .sort((a, b) => (a.placedAt === b.placedAt ? b.id - a.id : a.placedAt < b.placedAt ? 1 : -1))
    .map((order) => ({
      orderId: order.id,
      placedAt: order.placedAt,
      totalCents: totalCents(order.lines),
      lines: order.lines.map((line) => ({
        bookId: line.bookId,
        title: titles.get(line.bookId)!,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
      })),
    }));
}

/** By revenue descending, then book id ascending; books never sold are left out. */
export function expectedTopBooks(store: Bookstore, limit: number): BookRevenue[] {
  const byBook = new Map<number, BookRevenue>();
  const titles = new Map(store.books.map((b) => [b.id, b.title]));
  for (const order of store.orders) {
    for (const line of order.lines) {
      const row = byBook.get(line.bookId) ?? {
        bookId: line.bookId,
        title: titles.get(line.bookId)!,
        unitsSold: 0,
        revenueCents: 0,
      };
      row.unitsSold += line.quantity;
      row.revenueCents += line.quantity * line.unitPriceCents;
      byBook.set(line.bookId, row);
    }
  }
  return [...byBook.values()].sort((a, b) => b.revenueCents - a.revenueCents || a.bookId - b.bookId).slice(0, limit);
}

/** Customers whose wishlist holds the book: each is a document that embeds the book's current price. */
export function wishlistHolders(store: Bookstore, bookId: number): number[] {
  return store.customers.filter((c) => c.wishlist.includes(bookId)).map((c) => c.id);
}

/**
 * What a price change rewrites in each model. Relational: the one `books` row (orders and wishlists
 * reference it by id). Document: the book document plus every customer document whose wishlist embeds
 * the book's current price. Order documents are history and keep the price that was paid.
 */
export function expectedPriceChangeFootprint(store: Bookstore, bookId: number) {
  const holders = wishlistHolders(store, bookId).length;
  return {
    relational: { updated: 1, breakdown: { books: 1 } },
    document: { updated: 1 + holders, breakdown: { books: 1, customers: holders } },
  };
}

/** The book embedded in the most wishlists (lowest id on ties): the most instructive price change. */
export function mostWishedBook(store: Bookstore): number {
  let best = { bookId: 0, holders: -1 };
  for (const book of store.books) {
    const holders = wishlistHolders(store, book.id).length;
    if (holders > best.holders) best = { bookId: book.id, holders };
  }
  return best.bookId;
}
