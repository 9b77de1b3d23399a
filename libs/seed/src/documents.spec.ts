import { toDocuments } from './documents';
import { generateBookstore } from './generate-bookstore';

describe('toDocuments', () => {
  const store = generateBookstore({ seed: 3, size: 1 });
  const docs = toDocuments(store);

  it('embeds order lines with the book snapshot and the price paid, not the current price', () => {
    const order = store.orders[0]!;
    const doc = docs.orders[0]!;
    const customer = store.customers[order.customerId - 1]!;
    expect(doc.customer).toEqual({ name: customer.name, email: customer.email });
    expect(doc.lines.map((l) => [l.bookId, l.quantity, l.unitPriceCents])).toEqual(
      order.lines.map((l) => [l.bookId, l.quantity, l.unitPriceCents]),
    );
    expect(doc.lines[0]!.title).toBe(store.books[order.lines[0]!.bookId - 1]!.title);
    expect(doc.totalCents).toBe(order.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0));
  });

  it('copies the current price into every wishlist entry', () => {
    for (const customer of docs.customers) {
      for (const entry of customer.wishlist) {
        expect(entry.priceCents).toBe(store.books[entry.bookId - 1]!.priceCents);
      }
    }
  });

  it('does not share objects with the seed (stores may mutate what they load)', () => {
    docs.books[0]!.stock = -1;
    expect(store.books[0]!.stock).not.toBe(-1);
  });

  it('refuses dangling references', () => {
    const broken = {
      ...store,
      orders: [{ ...store.orders[0]!, lines: [{ bookId: 999, quantity: 1, unitPriceCents: 1 }] }],
    };
    expect(() => toDocuments(broken)).toThrow(/book 999/);
  });
});
