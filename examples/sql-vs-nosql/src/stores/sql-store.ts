import type { NewOrder } from '@lab/seed';
import {
  changeBookPrice,
  createBook,
  createCustomer,
  deleteBook,
  deleteCustomer,
  deleteOrder,
  explain,
  getBook,
  getCustomer,
  getOrder,
  listBooks,
  listCustomers,
  orderHistory,
  placeOrder,
  topBooksByRevenue,
  updateBook,
  updateCustomer,
  wishlist,
} from '@lab/sql';
import type {
  BookInput,
  BookstoreStore,
  CustomerInput,
  Page,
  QueryArguments,
  QueryName,
  QueryPlanView,
  RecentOrder,
} from './bookstore-store';
import { postgresPlanSteps } from './plan-steps';
import type { PostgresBookstore } from './postgres-bookstore';
import { postgresStatement, RECENT_ORDERS_SQL, tidySql } from './postgres-queries';

/** The relational model: normalised tables, joins at read time, foreign keys, one row per fact. */
export class SqlStore implements BookstoreStore {
  readonly name = 'sql' as const;

  constructor(private readonly postgres: PostgresBookstore) {}

  private get db() {
    return this.postgres.db;
  }

  listBooks = (page: Page) => listBooks(this.db, page);
  getBook = (id: number) => getBook(this.db, id);
  createBook = (input: BookInput) => createBook(this.db, input);
  updateBook = (id: number, patch: Partial<BookInput>) => updateBook(this.db, id, patch);
  deleteBook = (id: number) => deleteBook(this.db, id);
  changePrice = (id: number, priceCents: number) => changeBookPrice(this.db, id, priceCents);

  listCustomers = (page: Page) => listCustomers(this.db, page);
  getCustomer = (id: number) => getCustomer(this.db, id);
  createCustomer = (input: CustomerInput) => createCustomer(this.db, input);
  updateCustomer = (id: number, patch: Partial<CustomerInput>) => updateCustomer(this.db, id, patch);
  deleteCustomer = (id: number) => deleteCustomer(this.db, id);
  wishlist = (customerId: number) => wishlist(this.db, customerId);
  orderHistory = (customerId: number) => orderHistory(this.db, customerId);

  async recentOrders(limit: number): Promise<RecentOrder[]> {
    const rows = await this.db.query<{ order_id: number; customer_id: number; placed_at: Date }[]>(RECENT_ORDERS_SQL, [
      limit,
    ]);
    return rows.map((r) => ({ orderId: r.order_id, customerId: r.customer_id, placedAt: r.placed_at.toISOString() }));
  }

  getOrder = (id: number) => getOrder(this.db, id);
  deleteOrder = (id: number) => deleteOrder(this.db, id);

  /**
   * The foreign key would refuse an unknown customer too, but only after the stock was taken (and
   * then rolled back); checking first gives the same clear answer as the document stores.
   */
  async placeOrder(order: NewOrder) {
    if (Number.isSafeInteger(order.customerId) && !(await getCustomer(this.db, order.customerId))) {
      throw new RangeError(`no customer ${order.customerId}`);
    }
    return placeOrder(this.db, order);
  }

  topBooks = (limit: number) => topBooksByRevenue(this.db, limit);

  async explain(query: QueryName, args: QueryArguments): Promise<QueryPlanView> {
    const { sql, parameters } = postgresStatement('sql', query, args);
    const plan = await explain(this.db, sql, parameters, { analyze: args.analyze });
    return { store: this.name, query, statement: tidySql(sql), parameters, steps: postgresPlanSteps(plan), plan };
  }
}
