import type { Bookstore } from './bookstore';
import {
  expectedOrderHistory,
  expectedPriceChangeFootprint,
  expectedTopBooks,
  mostWishedBook,
  totalCents,
} from './reference-answers';

/** Small enough to check by hand. */
const store: Bookstore = {
  seed: 0,
  size: 1,
  customers: [
    { id: 1, name: 'Ada', email: 'ada@example.org', city: 'Lyon', wishlist: [2] },
    { id: 2, name: 'Alan', email: 'alan@example.org', city: 'Graz', wishlist: [1, 2] },
  ],
  books: [
    { id: 1, title: 'One', author: 'A', priceCents: 1000, stock: 5 },
    { id: 2, title: 'Two', author: 'B', priceCents: 500, stock: 5 },
    { id: 3, title: 'Three', author: 'C', priceCents: 700, stock: 5 },
  ],
  orders: [
    {
      id: 1,
      customerId: 1,
      placedAt: '2024-01-01T09:00:00.000Z',
      lines: [{ bookId: 1, quantity: 2, unitPriceCents: 900 }],
    },
    {
      id: 2,
      customerId: 2,
      placedAt: '2024-01-01T10:00:00.000Z',
      lines: [
        { bookId: 2, quantity: 1, unitPriceCents: 500 },
        { bookId: 1, quantity: 1, unitPriceCents: 1000 },
      ],
    },
    {
      id: 3,
      customerId: 1,
      placedAt: '2024-01-01T11:00:00.000Z',
      lines: [{ bookId: 2, quantity: 3, unitPriceCents: 600 }],
    },
  ],
};

describe('reference answers', () => {
  it('totals quantity × unit price', () => expect(totalCents(store.orders[1]!.lines)).toBe(1500));

  it('lists a customer’s orders newest first, with titles and the prices paid', () => {
    expect(expectedOrderHistory(store, 1)).toEqual([
      {
        orderId: 3,
        placedAt: '2024-01-01T11:00:00.000Z',
        totalCents: 1800,
        lines: [{ bookId: 2, title: 'Two', quantity: 3, unitPriceCents: 600 }],
      },
      {
        orderId: 1,
        placedAt: '2024-01-01T09:00:00.000Z',
        totalCents: 1800,
        lines: [{ bookId: 1, title: 'One', quantity: 2, unitPriceCents: 900 }],
      },
    ]);
    expect(expectedOrderHistory(store, 99)).toEqual([]);
  });

  it('ranks books by revenue, ties by id, and leaves unsold books out', () => {
    expect(expectedTopBooks(store, 10)).toEqual([
      { bookId: 1, title: 'One', unitsSold: 3, revenueCents: 2800 },
      { bookId: 2, title: 'Two', unitsSold: 4, revenueCents: 2300 },
    ]);
    expect(expectedTopBooks(store, 1)).toHaveLength(1);
  });

  it('counts the copies a price change must rewrite: 1 row, or the book plus its wishlist holders', () => {
    expect(expectedPriceChangeFootprint(store, 2)).toEqual({
      relational: { updated: 1, breakdown: { books: 1 } },
      document: { updated: 3, breakdown: { books: 1, customers: 2 } },
    });
    expect(expectedPriceChangeFootprint(store, 3).document.updated).toBe(1);
    expect(mostWishedBook(store)).toBe(2);
  });
});
