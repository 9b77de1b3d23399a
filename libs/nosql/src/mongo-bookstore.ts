import {
  Book,
  BookRevenue,
  BookstoreModel,
  InsufficientStockError,
  lockOrder,
  NewOrder,
  OrderLineDocument,
  OrderSummary,
  PriceChange,
  validateNewOrder,
  WishlistView,
} from '@lab/seed';
import type { ClientSession, Db, Document, MongoClient } from 'mongodb';
import { bookstoreCollections, MongoBook, MongoCustomer, MongoOrder } from './collections';
import { orderHistoryPipeline, priceChangeWrites, stockDecrement, topBooksPipeline } from './pipelines';

/** The client is needed for sessions (transactions); the database holds the collections. */
export interface MongoBookstore {
  client: MongoClient;
  db: Db;
}

export type CustomerRecord = Omit<MongoCustomer, '_id' | 'wishlist'> & { id: number };

const toBook = ({ _id, title, author, priceCents, stock }: MongoBook): Book => ({
  id: _id,
  title,
  author,
  priceCents,
  stock,
});
const toCustomer = ({ _id, name, email, city }: MongoCustomer): CustomerRecord => ({ id: _id, name, email, city });

/** The next id of a collection, from its counter (see MongoCounter). */
async function nextId(store: MongoBookstore, collection: string, session?: ClientSession): Promise<number> {
  const counter = await bookstoreCollections(store.db).counters.findOneAndUpdate(
    { _id: collection },
    { $inc: { value: 1 } },
    { upsert: true, returnDocument: 'after', session },
  );
  return counter!.value;
}

export async function createBook(store: MongoBookstore, input: Omit<Book, 'id'>): Promise<Book> {
  const doc: MongoBook = { _id: await nextId(store, 'books'), ...input };
  await bookstoreCollections(store.db).books.insertOne(doc);
  return toBook(doc);
}

export async function getBook(store: MongoBookstore, id: number): Promise<Book | undefined> {
  const doc = await bookstoreCollections(store.db).books.findOne({ _id: id });
  return doc ? toBook(doc) : undefined;
}

export async function listBooks(store: MongoBookstore, page: { limit?: number; offset?: number } = {}) {
  const docs = await bookstoreCollections(store.db)
    .books.find({})
    .sort({ _id: 1 })
    .skip(Math.max(0, page.offset ?? 0))
    .limit(Math.min(Math.max(1, page.limit ?? 20), 100))
    .toArray();
  return docs.map(toBook);
}

/**
 * Updates the book and, when the patch touches a copied field (title, author, price), the copies in
 * wishlists, with arrayFilters. Not in a transaction: a reader may briefly see the old copy, which
 * a wishlist can live with (use placeOrder's pattern if it cannot).
 */
export async function updateBook(
  store: MongoBookstore,
  id: number,
  patch: Partial<Omit<Book, 'id'>>,
): Promise<{ book: Book | undefined; change: PriceChange }> {
  const { books, customers } = bookstoreCollections(store.db);
  const bookResult = await books.updateOne({ _id: id }, { $set: patch });
  const copied = Object.fromEntries(
    (['title', 'author', 'priceCents'] as const)
      .filter((field) => field in patch)
      .map((field) => [`wishlist.$[entry].${field}`, patch[field]]),
  );
  const wishlistResult =
    bookResult.matchedCount > 0 && Object.keys(copied).length > 0
      ? await customers.updateMany({ 'wishlist.bookId': id }, { $set: copied } as Document, {
          arrayFilters: [{ 'entry.bookId': id }],
        })
      : { modifiedCount: 0 };
  return {
    book: await getBook(store, id),
    change: {
      updated: bookResult.modifiedCount + wishlistResult.modifiedCount,
      breakdown: { books: bookResult.modifiedCount, customers: wishlistResult.modifiedCount },
    },
  };
}

/**
 * The book document plus every wishlist embedding its price: updateOne + updateMany with
 * arrayFilters, counted with modifiedCount. Note modifiedCount counts documents really changed:
 * setting the price it already has reports 0 (PostgreSQL reports the rows matched).
 */
export async function changeBookPrice(store: MongoBookstore, bookId: number, priceCents: number): Promise<PriceChange> {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) {
    throw new RangeError(`price must be a whole, non-negative number of cents, got ${priceCents}`);
  }
  const { books, customers } = bookstoreCollections(store.db);
  const writes = priceChangeWrites(bookId, priceCents);
  const book = await books.updateOne(writes.book.filter, writes.book.update);
  const wishlists =
    book.matchedCount > 0
      ? await customers.updateMany(writes.wishlists.filter, writes.wishlists.update, writes.wishlists.options)
      : { modifiedCount: 0 };
  return {
    updated: book.modifiedCount + wishlists.modifiedCount,
    breakdown: { books: book.modifiedCount, customers: wishlists.modifiedCount },
  };
}

/** No foreign keys: wishlist copies are pulled by the application; orders keep their snapshots. */
export async function deleteBook(store: MongoBookstore, id: number): Promise<boolean> {
  const { books, customers } = bookstoreCollections(store.db);
  const { deletedCount } = await books.deleteOne({ _id: id });
  await customers.updateMany({ 'wishlist.bookId': id }, { $pull: { wishlist: { bookId: id } } });
  return deletedCount > 0;
}

export async function createCustomer(
  store: MongoBookstore,
  input: Omit<CustomerRecord, 'id'>,
): Promise<CustomerRecord> {
  const doc: MongoCustomer = { _id: await nextId(store, 'customers'), ...input, wishlist: [] };
  await bookstoreCollections(store.db).customers.insertOne(doc);
  return toCustomer(doc);
}

export async function getCustomer(store: MongoBookstore, id: number): Promise<CustomerRecord | undefined> {
  const doc = await bookstoreCollections(store.db).customers.findOne({ _id: id });
  return doc ? toCustomer(doc) : undefined;
}

export async function updateCustomer(
  store: MongoBookstore,
  id: number,
  patch: Partial<Omit<CustomerRecord, 'id'>>,
): Promise<CustomerRecord | undefined> {
  const doc = await bookstoreCollections(store.db).customers.findOneAndUpdate(
    { _id: id },
    { $set: patch },
    { returnDocument: 'after' },
  );
  return doc ? toCustomer(doc) : undefined;
}

export async function deleteCustomer(store: MongoBookstore, id: number): Promise<boolean> {
  return (await bookstoreCollections(store.db).customers.deleteOne({ _id: id })).deletedCount > 0;
}

export async function wishlist(store: MongoBookstore, customerId: number): Promise<WishlistView[]> {
  const doc = await bookstoreCollections(store.db).customers.findOne(
    { _id: customerId },
    { projection: { wishlist: 1 } },
  );
  return (doc?.wishlist ?? []).map(({ bookId, title, author, priceCents }) => ({ bookId, title, author, priceCents }));
}

export async function orderHistory(store: MongoBookstore, customerId: number): Promise<OrderSummary[]> {
  return bookstoreCollections(store.db).orders.aggregate<OrderSummary>(orderHistoryPipeline(customerId)).toArray();
}

export async function getOrder(store: MongoBookstore, orderId: number): Promise<MongoOrder | undefined> {
  return (await bookstoreCollections(store.db).orders.findOne({ _id: orderId })) ?? undefined;
}

export async function deleteOrder(store: MongoBookstore, orderId: number): Promise<boolean> {
  return (await bookstoreCollections(store.db).orders.deleteOne({ _id: orderId })).deletedCount > 0;
}

export async function topBooksByRevenue(store: MongoBookstore, limit: number): Promise<BookRevenue[]> {
  return bookstoreCollections(store.db).orders.aggregate<BookRevenue>(topBooksPipeline(limit)).toArray();
}

/**
 * A multi-document transaction: conditional stock decrements on each book (in book-id order), the
 * order id from its counter, and the order document, committed together or not at all.
 * withTransaction retries on transient errors (write conflicts), so the callback must only write
 * through the session. Transactions need a replica set (or sharded cluster): a standalone mongod
 * refuses them; start it with `mongod --replSet rs0` and run `rs.initiate()` once.
 */
export async function placeOrder(store: MongoBookstore, order: NewOrder, at: Date = new Date()): Promise<OrderSummary> {
  validateNewOrder(order);
  const { books, customers, orders } = bookstoreCollections(store.db);
  return store.client.withSession((session) =>
    session.withTransaction(async () => {
      const customer = await customers.findOne({ _id: order.customerId }, { session });
      if (!customer) throw new RangeError(`no customer ${order.customerId}`);
      const taken = new Map<number, MongoBook>();
      for (const index of lockOrder(order)) {
        const { bookId, quantity } = order.lines[index]!;
        const decrement = stockDecrement(bookId, quantity);
        const book = await books.findOneAndUpdate(decrement.filter, decrement.update, { session });
        if (!book) {
          const exists = await books.countDocuments({ _id: bookId }, { session });
          throw exists ? new InsufficientStockError(bookId, quantity) : new RangeError(`no book ${bookId}`);
        }
        taken.set(bookId, book);
      }
      const lines: OrderLineDocument[] = order.lines.map(({ bookId, quantity }) => {
        const { title, author, priceCents } = taken.get(bookId)!;
        return { bookId, title, author, quantity, unitPriceCents: priceCents };
      });
      const doc: MongoOrder = {
        _id: await nextId(store, 'orders', session),
        customerId: order.customerId,
        customer: { name: customer.name, email: customer.email },
        placedAt: at,
        totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
        lines,
      };
      await orders.insertOne(doc, { session });
      return {
        orderId: doc._id,
        placedAt: at.toISOString(),
        totalCents: doc.totalCents,
        lines: lines.map(({ bookId, title, quantity, unitPriceCents }) => ({
          bookId,
          title,
          quantity,
          unitPriceCents,
        })),
      };
    }),
  );
}

/** The winning plan of an aggregation (queryPlanner verbosity: planned, not run). */
export async function explainAggregate(
  store: MongoBookstore,
  collection: 'books' | 'customers' | 'orders',
  pipeline: Document[],
): Promise<Document> {
  return store.db.collection(collection).aggregate(pipeline).explain('queryPlanner');
}

/** The MongoDB model behind the shared questions. */
export function mongoModel(store: MongoBookstore): BookstoreModel {
  return {
    name: 'mongodb',
    getBook: (bookId) => getBook(store, bookId),
    wishlist: (customerId) => wishlist(store, customerId),
    orderHistory: (customerId) => orderHistory(store, customerId),
    topBooksByRevenue: (limit) => topBooksByRevenue(store, limit),
    changeBookPrice: (bookId, priceCents) => changeBookPrice(store, bookId, priceCents),
    placeOrder: (order, at) => placeOrder(store, order, at),
  };
}
