import { foldOrderRows } from './fold-order-rows';

describe('foldOrderRows', () => {
  it('groups consecutive rows of one order, keeps line order and sums the total', () => {
    const at = new Date('2024-01-01T09:00:00.000Z');
    const row = (order_id: number, book_id: number, quantity: number, unit_price_cents: number) => ({
      order_id,
      placed_at: at,
      book_id,
      title: `Book ${book_id}`,
      quantity,
      unit_price_cents,
    });
    expect(foldOrderRows([row(7, 3, 2, 100), row(7, 1, 1, 50), row(4, 2, 1, 999)])).toEqual([
      {
        orderId: 7,
        placedAt: '2024-01-01T09:00:00.000Z',
        totalCents: 250,
        lines: [
          { bookId: 3, title: 'Book 3', quantity: 2, unitPriceCents: 100 },
          { bookId: 1, title: 'Book 1', quantity: 1, unitPriceCents: 50 },
        ],
      },
      {
        orderId: 4,
        placedAt: '2024-01-01T09:00:00.000Z',
        totalCents: 999,
        lines: [{ bookId: 2, title: 'Book 2', quantity: 1, unitPriceCents: 999 }],
      },
    ]);
  });

  it('gives no orders for no rows', () => expect(foldOrderRows([])).toEqual([]));
});
