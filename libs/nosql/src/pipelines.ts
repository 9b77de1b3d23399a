import type { Document, Filter, UpdateFilter } from 'mongodb';
import type { MongoBook, MongoCustomer } from './collections';

/**
 * The queries and writes of the MongoDB model as plain data, built by pure functions: a student
 * can print them, and unit tests pin them without a server.
 */

/** ISO-8601 with milliseconds, the same text the other models return. */
const ISO_DATE = '%Y-%m-%dT%H:%M:%S.%LZ';

/** A customer's orders, newest first; no join: lines and titles are embedded. */
export function orderHistoryPipeline(customerId: number): Document[] {
  return [
    { $match: { customerId } },
    { $sort: { placedAt: -1, _id: -1 } },
    {
      $project: {
        _id: 0,
        orderId: '$_id',
        placedAt: { $dateToString: { date: '$placedAt', format: ISO_DATE, timezone: 'UTC' } },
        totalCents: 1,
        lines: {
          $map: {
            input: '$lines',
            as: 'line',
            in: {
              bookId: '$$line.bookId',
              title: '$$line.title',
              quantity: '$$line.quantity',
              unitPriceCents: '$$line.unitPriceCents',
            },
          },
        },
      },
    },
  ];
}

/** $unwind turns each embedded line into a document, then it is GROUP BY book, ORDER BY revenue. */
export function topBooksPipeline(limit: number): Document[] {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  return [
    { $unwind: '$lines' },
    {
      $group: {
        _id: '$lines.bookId',
        title: { $min: '$lines.title' },
        unitsSold: { $sum: '$lines.quantity' },
        revenueCents: { $sum: { $multiply: ['$lines.quantity', '$lines.unitPriceCents'] } },
      },
    },
    { $sort: { revenueCents: -1, _id: 1 } },
    { $limit: limit },
    { $project: { _id: 0, bookId: '$_id', title: 1, unitsSold: 1, revenueCents: 1 } },
  ];
}

/**
 * A price change: the book itself, and the copy of its price inside every wishlist that embeds it.
 * `arrayFilters` names the matching array element (`$[entry]`) so only that entry changes, however
 * many entries the wishlist has. Orders are left alone: their lines record the price paid.
 */
export function priceChangeWrites(bookId: number, priceCents: number) {
  return {
    book: {
      filter: { _id: bookId } satisfies Filter<MongoBook>,
      update: { $set: { priceCents } } satisfies UpdateFilter<MongoBook>,
    },
    wishlists: {
      filter: { 'wishlist.bookId': bookId } satisfies Filter<MongoCustomer>,
      update: { $set: { 'wishlist.$[entry].priceCents': priceCents } } as UpdateFilter<MongoCustomer>,
      options: { arrayFilters: [{ 'entry.bookId': bookId }] },
    },
  };
}

/** Conditional decrement: matches only while enough copies remain, so stock cannot go negative. */
export function stockDecrement(bookId: number, quantity: number) {
  return {
    filter: { _id: bookId, stock: { $gte: quantity } } satisfies Filter<MongoBook>,
    update: { $inc: { stock: -quantity } } satisfies UpdateFilter<MongoBook>,
  };
}
