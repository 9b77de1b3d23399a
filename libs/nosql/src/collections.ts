import type { BookDocument, CustomerDocument, OrderDocument } from '@lab/seed';
import type { Collection, Db } from 'mongodb';

/** The shared document shapes (@lab/seed) with MongoDB's key and a real date type. */
export type MongoBook = Omit<BookDocument, 'id'> & { _id: number };
export type MongoCustomer = Omit<CustomerDocument, 'id'> & { _id: number };
export type MongoOrder = Omit<OrderDocument, 'id' | 'placedAt'> & { _id: number; placedAt: Date };
/** Per-collection id sequences: MongoDB has no SERIAL, and ObjectIds would not match the seed's ids. */
export type MongoCounter = { _id: string; value: number };

export interface BookstoreCollections {
  books: Collection<MongoBook>;
  customers: Collection<MongoCustomer>;
  orders: Collection<MongoOrder>;
  counters: Collection<MongoCounter>;
}

export const COLLECTION_NAMES = ['books', 'counters', 'customers', 'orders'] as const;

export function bookstoreCollections(db: Db): BookstoreCollections {
  return {
    books: db.collection<MongoBook>('books'),
    customers: db.collection<MongoCustomer>('customers'),
    orders: db.collection<MongoOrder>('orders'),
    counters: db.collection<MongoCounter>('counters'),
  };
}

/**
 * Created explicitly (MongoDB only builds `_id` on its own), each for a query:
 * - orders by customer, newest first: the order-history pipeline's $match + $sort;
 * - customers by embedded wishlist book (multikey): the documents a price change must rewrite;
 * - unique customer email, the one constraint the relational model also declares.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const { orders, customers } = bookstoreCollections(db);
  await orders.createIndex({ customerId: 1, placedAt: -1, _id: -1 }, { name: 'customer_history' });
  await customers.createIndex({ 'wishlist.bookId': 1 }, { name: 'wishlist_book' });
  await customers.createIndex({ email: 1 }, { name: 'email_unique', unique: true });
}
