/**
 * The bookstore domain in its normalised form: what the generator produces and every store loads.
 * Money is integer cents (never floats); times are ISO-8601 UTC strings so the data serialises
 * byte-identically; ids start at 1 and are dense, so stores can keep them as primary keys.
 */
export interface Customer {
  id: number;
  name: string;
  email: string;
  city: string;
  /** Ids of books the customer wants, distinct, ascending. */
  wishlist: number[];
}

export interface Book {
  id: number;
  title: string;
  author: string;
  /** Current price. */
  priceCents: number;
  stock: number;
}

export interface OrderLine {
  bookId: number;
  quantity: number;
  /** The price paid, fixed at purchase: it may differ from the book's current price. */
  unitPriceCents: number;
}

export interface Order {
  id: number;
  customerId: number;
  placedAt: string;
  /** In line-number order; a book appears at most once per order. */
  lines: OrderLine[];
}

export interface Bookstore {
  seed: number;
  size: number;
  customers: Customer[];
  books: Book[];
  /** Ascending by id, which is also ascending by `placedAt`. */
  orders: Order[];
}

/** One order of the history a store answers: newest first, lines in line-number order. */
export interface OrderSummary {
  orderId: number;
  placedAt: string;
  totalCents: number;
  lines: { bookId: number; title: string; quantity: number; unitPriceCents: number }[];
}

/** One row of "top books by revenue": revenue is what was paid (quantity × unit price at purchase). */
export interface BookRevenue {
  bookId: number;
  title: string;
  unitsSold: number;
  revenueCents: number;
}

/** What a store reports after changing one book's price. */
export interface PriceChange {
  /** Rows (relational) or documents (document model) the change rewrote. */
  updated: number;
  /** The same count per table or collection, to show where denormalised copies live. */
  breakdown: Record<string, number>;
}

/** Input of "place an order": the store fixes the unit prices and the time. */
export interface NewOrder {
  customerId: number;
  lines: { bookId: number; quantity: number }[];
}

/** Thrown by every store when an order asks for more copies than are in stock; nothing was written. */
export class InsufficientStockError extends Error {
  constructor(
    readonly bookId: number,
    readonly requested: number,
  ) {
    super(`not enough stock for book ${bookId} (requested ${requested})`);
    this.name = 'InsufficientStockError';
  }
}

/** A wishlist as the customer sees it: each book with its current price. */
export interface WishlistView {
  bookId: number;
  title: string;
  author: string;
  priceCents: number;
}

/**
 * The questions every model answers (relational SQL, PostgreSQL JSONB, MongoDB), so one test can ask
 * them all and compare. Each model also has its own CRUD, which is where the models differ least.
 */
export interface BookstoreModel {
  /** Shown in test names and reports: 'relational', 'jsonb', 'mongodb'. */
  readonly name: string;
  getBook(bookId: number): Promise<Book | undefined>;
  wishlist(customerId: number): Promise<WishlistView[]>;
  orderHistory(customerId: number): Promise<OrderSummary[]>;
  topBooksByRevenue(limit: number): Promise<BookRevenue[]>;
  changeBookPrice(bookId: number, priceCents: number): Promise<PriceChange>;
  /** All or nothing: throws InsufficientStockError and writes nothing when any line lacks stock. */
  placeOrder(order: NewOrder, at?: Date): Promise<OrderSummary>;
}
