import { orderHistoryPipeline, priceChangeWrites, stockDecrement, topBooksPipeline } from './pipelines';

describe('MongoDB pipeline builders', () => {
  it('order history: match the customer, newest first, lines projected to the shared shape', () => {
    const pipeline = orderHistoryPipeline(7);
    expect(pipeline[0]).toEqual({ $match: { customerId: 7 } });
    expect(pipeline[1]).toEqual({ $sort: { placedAt: -1, _id: -1 } });
    expect(pipeline[2]).toMatchObject({
      $project: {
        _id: 0,
        orderId: '$_id',
        placedAt: { $dateToString: { date: '$placedAt', format: '%Y-%m-%dT%H:%M:%S.%LZ', timezone: 'UTC' } },
        totalCents: 1,
      },
    });
  });

  it('top books: $unwind lines, $group by book summing quantity × price paid, $sort with a tie-break, $limit', () => {
    expect(topBooksPipeline(3).map((stage) => Object.keys(stage)[0])).toEqual([
      '$unwind',
      '$group',
      '$sort',
      '$limit',
      '$project',
    ]);
    expect(topBooksPipeline(3)[1]).toEqual({
      $group: {
        _id: '$lines.bookId',
        title: { $min: '$lines.title' },
        unitsSold: { $sum: '$lines.quantity' },
        revenueCents: { $sum: { $multiply: ['$lines.quantity', '$lines.unitPriceCents'] } },
      },
    });
    expect(topBooksPipeline(3)[2]).toEqual({ $sort: { revenueCents: -1, _id: 1 } });
    expect(topBooksPipeline(3)[3]).toEqual({ $limit: 3 });
    expect(() => topBooksPipeline(0)).toThrow(/limit/);
  });

  it('price change: the book, and only the matching wishlist entries through arrayFilters', () => {
    expect(priceChangeWrites(5, 1299)).toEqual({
      book: { filter: { _id: 5 }, update: { $set: { priceCents: 1299 } } },
      wishlists: {
        filter: { 'wishlist.bookId': 5 },
        update: { $set: { 'wishlist.$[entry].priceCents': 1299 } },
        options: { arrayFilters: [{ 'entry.bookId': 5 }] },
      },
    });
  });

  it('stock decrement only matches while enough copies remain', () => {
    expect(stockDecrement(2, 3)).toEqual({ filter: { _id: 2, stock: { $gte: 3 } }, update: { $inc: { stock: -3 } } });
  });
});
