import {
  bookstoreCollections,
  changeBookPrice,
  createBook,
  createCustomer,
  deleteBook,
  deleteCustomer,
  deleteOrder,
  explainAggregate,
  getBook,
  getCustomer,
  getOrder,
  listBooks,
  MongoBookstore,
  orderHistory,
  orderHistoryPipeline,
  placeOrder,
  priceChangeWrites,
  topBooksByRevenue,
  topBooksPipeline,
  updateBook,
  updateCustomer,
  wishlist,
} from '@lab/nosql';
import type { NewOrder } from '@lab/seed';
import type { Document } from 'mongodb';
import type {
  BookInput,
  BookstoreStore,
  Customer,
  CustomerInput,
  OrderView,
  Page,
  QueryArguments,
  QueryName,
  QueryPlanView,
  RecentOrder,
} from './bookstore-store';
import { mongoPlanSteps } from './plan-steps';

/** The newest orders: a $sort on placedAt, which no index of the seed serves on its own. */
export function recentOrdersPipeline(limit: number): Document[] {
  return [
    { $sort: { placedAt: -1 } },
    { $limit: limit },
    { $project: { _id: 0, orderId: '$_id', customerId: 1, placedAt: 1 } },
  ];
}

/** The document model on MongoDB: the same document shapes as JSONB, with the engine built for them. */
export class MongoStore implements BookstoreStore {
  readonly name = 'mongo' as const;

  constructor(private readonly store: MongoBookstore) {}

  listBooks = (page: Page) => listBooks(this.store, page);
  getBook = (id: number) => getBook(this.store, id);
  createBook = (input: BookInput) => createBook(this.store, input);
  updateBook = async (id: number, patch: Partial<BookInput>) => (await updateBook(this.store, id, patch)).book;
  deleteBook = (id: number) => deleteBook(this.store, id);
  changePrice = (id: number, priceCents: number) => changeBookPrice(this.store, id, priceCents);

  async listCustomers(page: Page): Promise<Customer[]> {
    const docs = await bookstoreCollections(this.store.db)
      .customers.find({}, { projection: { wishlist: 0 } })
      .sort({ _id: 1 })
      .skip(page.offset ?? 0)
      .limit(page.limit ?? 20)
      .toArray();
    return docs.map(({ _id, name, email, city }) => ({ id: _id, name, email, city }));
  }

  getCustomer = (id: number) => getCustomer(this.store, id);
  createCustomer = (input: CustomerInput) => createCustomer(this.store, input);
  updateCustomer = (id: number, patch: Partial<CustomerInput>) => updateCustomer(this.store, id, patch);
  deleteCustomer = (id: number) => deleteCustomer(this.store, id);
  wishlist = (customerId: number) => wishlist(this.store, customerId);
  orderHistory = (customerId: number) => orderHistory(this.store, customerId);

  async recentOrders(limit: number): Promise<RecentOrder[]> {
    const docs = await bookstoreCollections(this.store.db)
      .orders.aggregate<{ orderId: number; customerId: number; placedAt: Date }>(recentOrdersPipeline(limit))
      .toArray();
    return docs.map((d) => ({ orderId: d.orderId, customerId: d.customerId, placedAt: d.placedAt.toISOString() }));
  }

  async getOrder(id: number): Promise<OrderView | undefined> {
    const doc = await getOrder(this.store, id);
    return (
      doc && {
        orderId: doc._id,
        customerId: doc.customerId,
        placedAt: doc.placedAt.toISOString(),
        totalCents: doc.totalCents,
        lines: doc.lines.map(({ bookId, title, quantity, unitPriceCents }) => ({
          bookId,
          title,
          quantity,
          unitPriceCents,
        })),
      }
    );
  }

  deleteOrder = (id: number) => deleteOrder(this.store, id);
  placeOrder = (order: NewOrder) => placeOrder(this.store, order);
  topBooks = (limit: number) => topBooksByRevenue(this.store, limit);

  /** Planned, not run (queryPlanner verbosity): explaining the price change must not change prices. */
  async explain(query: QueryName, args: QueryArguments): Promise<QueryPlanView> {
    const { statement, plan } = await this.planOf(query, args);
    return { store: this.name, query, statement, parameters: [], steps: mongoPlanSteps(plan), plan };
  }

  private async planOf(query: QueryName, args: QueryArguments): Promise<{ statement: object[]; plan: Document }> {
    const aggregate = async (collection: 'orders' | 'customers', pipeline: Document[]) => ({
      statement: [{ aggregate: collection, pipeline }],
      plan: await explainAggregate(this.store, collection, pipeline),
    });
    switch (query) {
      case 'order-history':
        return aggregate('orders', orderHistoryPipeline(args.customerId));
      case 'top-books':
        return aggregate('orders', topBooksPipeline(args.limit));
      case 'recent-orders':
        return aggregate('orders', recentOrdersPipeline(args.limit));
      case 'wishlist':
        return aggregate('customers', [{ $match: { _id: args.customerId } }, { $project: { wishlist: 1 } }]);
      case 'price-change': {
        const { wishlists } = priceChangeWrites(args.bookId, args.priceCents);
        const update = {
          update: 'customers',
          updates: [
            { q: wishlists.filter, u: wishlists.update, arrayFilters: wishlists.options.arrayFilters, multi: true },
          ],
        };
        return {
          statement: [update],
          plan: await this.store.db.command({ explain: update, verbosity: 'queryPlanner' }),
        };
      }
    }
  }
}
