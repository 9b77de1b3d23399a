import {
  ORDER_HISTORY_JSONB_SQL,
  ORDER_HISTORY_SQL,
  SYNC_WISHLIST_COPIES_SQL,
  TOP_BOOKS_JSONB_SQL,
  TOP_BOOKS_SQL,
  WISHLIST_SQL,
} from '@lab/sql';
import type { QueryArguments, QueryName } from './bookstore-store';

/** The newest orders of the shop. No index starts with placed_at: adding one is a lab step. */
export const RECENT_ORDERS_SQL = `
  SELECT id AS order_id, customer_id, placed_at
  FROM orders
  ORDER BY placed_at DESC
  LIMIT $1`;

/** The same page over documents: an expression index on doc->>'placedAt' would serve it. */
export const RECENT_ORDERS_JSONB_SQL = `
  SELECT id AS order_id, (doc->>'customerId')::integer AS customer_id, doc->>'placedAt' AS placed_at
  FROM docs.orders
  ORDER BY doc->>'placedAt' DESC
  LIMIT $1`;

/** One read of one document: the wishlist is embedded, with its prices. */
export const WISHLIST_JSONB_SQL = `SELECT doc->'wishlist' AS wishlist FROM docs.customers WHERE id = $1`;

/** A price change relationally: one row, whatever number of wishlists reference the book. */
export const PRICE_CHANGE_SQL = `UPDATE books SET price_cents = $2 WHERE id = $1`;

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * The statement behind each named query, exactly as the store runs it (the same constants), so the
 * plan shown is the plan the request gets. For the document model's price change, the interesting
 * statement is the fan-out to the wishlists, not the one-row update of the book.
 */
export function postgresStatement(model: 'sql' | 'jsonb', query: QueryName, args: QueryArguments): Statement {
  const relational = model === 'sql';
  switch (query) {
    case 'order-history':
      return { sql: relational ? ORDER_HISTORY_SQL : ORDER_HISTORY_JSONB_SQL, parameters: [args.customerId] };
    case 'top-books':
      return { sql: relational ? TOP_BOOKS_SQL : TOP_BOOKS_JSONB_SQL, parameters: [args.limit] };
    case 'wishlist':
      return { sql: relational ? WISHLIST_SQL : WISHLIST_JSONB_SQL, parameters: [args.customerId] };
    case 'price-change':
      return relational
        ? { sql: PRICE_CHANGE_SQL, parameters: [args.bookId, args.priceCents] }
        : {
            sql: SYNC_WISHLIST_COPIES_SQL,
            parameters: [args.bookId, JSON.stringify({ priceCents: args.priceCents })],
          };
    case 'recent-orders':
      return { sql: relational ? RECENT_ORDERS_SQL : RECENT_ORDERS_JSONB_SQL, parameters: [args.limit] };
  }
}

/** Whitespace of the SQL constants is for reading them in code; a response shows one tidy statement. */
export function tidySql(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ');
}
