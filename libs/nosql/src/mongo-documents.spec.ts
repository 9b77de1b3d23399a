import { generateBookstore } from '@lab/seed';
import { toMongoDocuments } from './mongo-documents';

describe('toMongoDocuments', () => {
  const store = generateBookstore({ seed: 5, size: 1 });
  const docs = toMongoDocuments(store);

  it('keys documents by the seed ids and stores times as dates', () => {
    expect(docs.books.map((b) => b._id)).toEqual(store.books.map((b) => b.id));
    expect(docs.orders[0]!.placedAt).toEqual(new Date(store.orders[0]!.placedAt));
    expect(docs.orders[0]).not.toHaveProperty('id');
  });

  it('starts each counter at the highest seeded id, so the next insert continues the sequence', () => {
    expect(docs.counters).toEqual([
      { _id: 'books', value: store.books.length },
      { _id: 'customers', value: store.customers.length },
      { _id: 'orders', value: store.orders.length },
    ]);
  });
});
