import type { NewOrder, OrderSummary } from '@lab/seed';
import {
  changeBookPriceDocument,
  createBookDocument,
  createCustomerDocument,
  deleteBookDocument,
  deleteCustomerDocument,
  deleteOrderDocument,
  explain,
  getBookDocument,
  getCustomerDocument,
  getOrderDocument,
  listBookDocuments,
  listCustomerDocuments,
  orderHistoryDocument,
  placeOrderDocument,
  topBooksByRevenueDocument,
  updateBookDocument,
  updateCustomerDocument,
  wishlistDocument,
} from '@lab/sql';
import type {
  BookInput,
  BookstoreStore,
  OrderView,
  Page,
  QueryArguments,
  QueryName,
  QueryPlanView,
  RecentOrder,
} from './bookstore-store';
import { postgresPlanSteps } from './plan-steps';
import type { PostgresBookstore } from './postgres-bookstore';
import { postgresStatement, RECENT_ORDERS_JSONB_SQL, tidySql } from './postgres-queries';

/**
 * The document model inside PostgreSQL: one jsonb column per row, documents shaped for the page that
 * reads them (orders embed their lines, customers their wishlist with prices), no foreign keys.
 */
export class JsonbStore implements BookstoreStore {
  readonly name = 'jsonb' as const;

  constructor(private readonly postgres: PostgresBookstore) {}

  private get db() {
    return this.postgres.db;
  }

  listBooks = (page: Page) => listBookDocuments(this.db, page);
  getBook = (id: number) => getBookDocument(this.db, id);
  createBook = (input: BookInput) => createBookDocument(this.db, input);
  /** Also rewrites the wishlist copies when title, author or price change (same transaction). */
  updateBook = async (id: number, patch: Partial<BookInput>) => (await updateBookDocument(this.db, id, patch)).book;
  deleteBook = (id: number) => deleteBookDocument(this.db, id);
  changePrice = (id: number, priceCents: number) => changeBookPriceDocument(this.db, id, priceCents);

  listCustomers = (page: Page) => listCustomerDocuments(this.db, page);
  getCustomer = (id: number) => getCustomerDocument(this.db, id);
  createCustomer = (input: { name: string; email: string; city: string }) => createCustomerDocument(this.db, input);
  updateCustomer = (id: number, patch: Partial<{ name: string; email: string; city: string }>) =>
    updateCustomerDocument(this.db, id, patch);
  deleteCustomer = (id: number) => deleteCustomerDocument(this.db, id);
  wishlist = (customerId: number) => wishlistDocument(this.db, customerId);
  orderHistory = (customerId: number) => orderHistoryDocument(this.db, customerId);

  async recentOrders(limit: number): Promise<RecentOrder[]> {
    const rows = await this.db.query<{ order_id: number; customer_id: number; placed_at: string }[]>(
      RECENT_ORDERS_JSONB_SQL,
      [limit],
    );
    return rows.map((r) => ({ orderId: r.order_id, customerId: r.customer_id, placedAt: r.placed_at }));
  }

  async getOrder(id: number): Promise<OrderView | undefined> {
    const doc = await getOrderDocument(this.db, id);
    return (
      doc && {
        orderId: doc.id,
        customerId: doc.customerId,
        placedAt: doc.placedAt,
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

  deleteOrder = (id: number) => deleteOrderDocument(this.db, id);
  placeOrder = (order: NewOrder): Promise<OrderSummary> => placeOrderDocument(this.db, order);
  topBooks = (limit: number) => topBooksByRevenueDocument(this.db, limit);

  async explain(query: QueryName, args: QueryArguments): Promise<QueryPlanView> {
    const { sql, parameters } = postgresStatement('jsonb', query, args);
    const plan = await explain(this.db, sql, parameters, { analyze: args.analyze });
    return { store: this.name, query, statement: tidySql(sql), parameters, steps: postgresPlanSteps(plan), plan };
  }
}
