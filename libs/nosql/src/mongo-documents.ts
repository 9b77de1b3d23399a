import { Bookstore, toDocuments } from '@lab/seed';
import type { MongoBook, MongoCounter, MongoCustomer, MongoOrder } from './collections';

export interface MongoBookstoreDocuments {
  books: MongoBook[];
  customers: MongoCustomer[];
  orders: MongoOrder[];
  counters: MongoCounter[];
}

/** The shared document form with `_id` keys, BSON dates, and the counters that continue the ids. */
export function toMongoDocuments(store: Bookstore): MongoBookstoreDocuments {
  const docs = toDocuments(store);
  const maxId = (rows: { id: number }[]) => rows.reduce((max, row) => Math.max(max, row.id), 0);
  return {
    books: docs.books.map(({ id, ...rest }) => ({ _id: id, ...rest })),
    customers: docs.customers.map(({ id, ...rest }) => ({ _id: id, ...rest })),
    orders: docs.orders.map(({ id, placedAt, ...rest }) => ({ _id: id, ...rest, placedAt: new Date(placedAt) })),
    counters: [
      { _id: 'books', value: maxId(docs.books) },
      { _id: 'customers', value: maxId(docs.customers) },
      { _id: 'orders', value: maxId(docs.orders) },
    ],
  };
}
