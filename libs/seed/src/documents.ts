import type { Bookstore } from './bookstore';
import { totalCents } from './reference-answers';

/**
 * The bookstore as documents, shared by both document stores (PostgreSQL JSONB and MongoDB) so the
 * lesson compares engines, not shapes. Each document is built for the page that reads it:
 *
 * - an order embeds its lines with a snapshot of each book (title, author) and the price paid, and
 *   the customer's name: the order history needs no join. The snapshot is history: it never changes.
 * - a customer embeds the wishlist with each book's title and *current* price, so the wishlist page
 *   is one read. That copy is the price of denormalisation: a price change must rewrite it.
 * - a book is its own document and the only one holding the stock (stock is never copied: it
 *   changes on every sale).
 *
 * `id` is the key; each store decides where it lives (`_id` in MongoDB, a column next to JSONB).
 */
export interface BookDocument {
  id: number;
  title: string;
  author: string;
  priceCents: number;
  stock: number;
}

export interface WishlistEntry {
  bookId: number;
  title: string;
  author: string;
  /** A copy of the book's current price: kept in sync on every price change. */
  priceCents: number;
}

export interface CustomerDocument {
  id: number;
  name: string;
  email: string;
  city: string;
  wishlist: WishlistEntry[];
}

export interface OrderLineDocument {
  bookId: number;
  title: string;
  author: string;
  quantity: number;
  /** The price paid: history, never rewritten. */
  unitPriceCents: number;
}

export interface OrderDocument {
  id: number;
  customerId: number;
  /** Snapshot at purchase time, like the lines. */
  customer: { name: string; email: string };
  placedAt: string;
  totalCents: number;
  lines: OrderLineDocument[];
}

export interface BookstoreDocuments {
  books: BookDocument[];
  customers: CustomerDocument[];
  orders: OrderDocument[];
}

export function toDocuments(store: Bookstore): BookstoreDocuments {
  const books = new Map(store.books.map((b) => [b.id, b]));
  const customers = new Map(store.customers.map((c) => [c.id, c]));
  const book = (id: number) => {
    const found = books.get(id);
    if (!found) throw new Error(`book ${id} is referenced but not in the store`);
    return found;
  };
  return {
    books: store.books.map((b) => ({ ...b })),
    customers: store.customers.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      city: c.city,
      wishlist: c.wishlist.map((bookId) => {
        const { title, author, priceCents } = book(bookId);
        return { bookId, title, author, priceCents };
      }),
    })),
    orders: store.orders.map((o) => {
      const customer = customers.get(o.customerId);
      if (!customer) throw new Error(`order ${o.id} names unknown customer ${o.customerId}`);
      return {
        id: o.id,
        customerId: o.customerId,
        customer: { name: customer.name, email: customer.email },
        placedAt: o.placedAt,
        totalCents: totalCents(o.lines),
        lines: o.lines.map((line) => {
          const { title, author } = book(line.bookId);
          return { bookId: line.bookId, title, author, quantity: line.quantity, unitPriceCents: line.unitPriceCents };
        }),
      };
    }),
  };
}
