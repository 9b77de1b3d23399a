import type { Book, BookRevenue, NewOrder, OrderSummary, PriceChange, WishlistView } from '@lab/seed';

/** The three stores of the lesson, as they appear in URLs (`/sql/…`, `/jsonb/…`, `/mongo/…`). */
export const STORE_NAMES = ['sql', 'jsonb', 'mongo'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export type BookInput = Omit<Book, 'id'>;
export interface Customer {
  id: number;
  name: string;
  email: string;
  city: string;
}
export type CustomerInput = Omit<Customer, 'id'>;
export interface Page {
  limit?: number;
  offset?: number;
}
/** One order as every store returns it: the history's summary plus whose it is. */
export type OrderView = OrderSummary & { customerId: number };
/** One line of "newest orders": what a shop's back office lists first. */
export interface RecentOrder {
  orderId: number;
  customerId: number;
  placedAt: string;
}

/** The named queries whose plan `GET /<store>/explain/<name>` shows. */
export const QUERY_NAMES = ['order-history', 'top-books', 'wishlist', 'price-change', 'recent-orders'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];
export interface QueryArguments {
  customerId: number;
  bookId: number;
  limit: number;
  /** PostgreSQL only: run the statement (rolled back) and report real rows. */
  analyze: boolean;
  /** The new price of `price-change`. */
  priceCents: number;
}
export interface QueryPlanView {
  store: StoreName;
  query: QueryName;
  /** The SQL text or the aggregation pipeline, as the store runs it. */
  statement: string | object[];
  parameters: unknown[];
  /** The plan reduced to what to look at first: which operation, on what, through which index. */
  steps: { depth: number; operation: string; on?: string; index?: string }[];
  /** The engine's own plan (EXPLAIN FORMAT JSON, or MongoDB's explain). */
  plan: unknown;
}

/**
 * What every store offers, so one set of controllers serves all three and a student compares the
 * same request across models. `undefined` means "no such row/document" (the controllers answer 404).
 */
export interface BookstoreStore {
  readonly name: StoreName;
  listBooks(page: Page): Promise<Book[]>;
  getBook(id: number): Promise<Book | undefined>;
  createBook(input: BookInput): Promise<Book>;
  /** PATCH and PUT both end here: a PUT passes every field. */
  updateBook(id: number, patch: Partial<BookInput>): Promise<Book | undefined>;
  deleteBook(id: number): Promise<boolean>;
  changePrice(id: number, priceCents: number): Promise<PriceChange>;

  listCustomers(page: Page): Promise<Customer[]>;
  getCustomer(id: number): Promise<Customer | undefined>;
  createCustomer(input: CustomerInput): Promise<Customer>;
  updateCustomer(id: number, patch: Partial<CustomerInput>): Promise<Customer | undefined>;
  deleteCustomer(id: number): Promise<boolean>;
  wishlist(customerId: number): Promise<WishlistView[]>;
  orderHistory(customerId: number): Promise<OrderSummary[]>;

  recentOrders(limit: number): Promise<RecentOrder[]>;
  getOrder(id: number): Promise<OrderView | undefined>;
  deleteOrder(id: number): Promise<boolean>;
  placeOrder(order: NewOrder): Promise<OrderSummary>;

  topBooks(limit: number): Promise<BookRevenue[]>;
  explain(query: QueryName, args: QueryArguments): Promise<QueryPlanView>;
}
