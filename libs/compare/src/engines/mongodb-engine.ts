import {
  bookstoreCollections,
  changeBookPrice,
  getBook,
  orderHistory,
  orderHistoryPipeline,
  placeOrder,
  resetMongo,
  topBooksByRevenue,
  topBooksPipeline,
} from '@lab/nosql';
import { MongoClient } from 'mongodb';
import type { CompareEngine } from '../engine';

/**
 * The bookstore as MongoDB documents (`@lab/nosql`): orders embed their lines, wishlists embed the
 * books' prices (a price change fans out), a new order is a multi-document transaction (replica set).
 * The database is the URL's own, or `compare` when the URL names none.
 */
export async function openMongoDocuments(url: string, poolSize = 8): Promise<CompareEngine> {
  const client = new MongoClient(url, { maxPoolSize: poolSize, serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const dbName = decodeURIComponent(new URL(url).pathname.slice(1)) || 'compare';
  const store = { client, db: client.db(dbName) };
  return {
    name: 'mongodb',
    model: 'documents',
    load: async (seed) => {
      await resetMongo(store.db, seed);
    },
    pointRead: (bookId) => getBook(store, bookId),
    orderHistory: (customerId) => orderHistory(store, customerId),
    topBooks: (limit) => topBooksByRevenue(store, limit),
    priceChange: (bookId, priceCents) => changeBookPrice(store, bookId, priceCents),
    newOrder: (order, at) => placeOrder(store, order, at),
    rangeScan: async (fromBookId, count) =>
      (
        await bookstoreCollections(store.db)
          .books.find({ _id: { $gte: fromBookId } })
          .sort({ _id: 1 })
          .limit(count)
          .toArray()
      ).map(({ _id, title, author, priceCents, stock }) => ({ id: _id, title, author, priceCents, stock })),
    statements: () => ({
      'point-read': 'db.books.findOne({ _id: <id> })',
      'order-history': `db.orders.aggregate(${JSON.stringify(orderHistoryPipeline(0))})`,
      'top-books': `db.orders.aggregate(${JSON.stringify(topBooksPipeline(10))})`,
      'price-change':
        'db.books.updateOne({ _id }, { $set: { priceCents } }); db.customers.updateMany({ "wishlist.bookId": _id }, …)',
      'new-order':
        'session.withTransaction: books.updateOne({ _id, stock: { $gte: q } }, { $inc: { stock: -q } }) …; orders.insertOne(…)',
      'range-scan': 'db.books.find({ _id: { $gte: <from> } }).sort({ _id: 1 }).limit(20)',
    }),
    close: () => client.close(),
  };
}
