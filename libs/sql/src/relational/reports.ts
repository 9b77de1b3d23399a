import type { BookRevenue } from '@lab/seed';
import type { DataSource } from 'typeorm';

/**
 * Revenue is what was paid (quantity × unit price at purchase), not today's price. Grouping by the
 * primary key lets the query select the title without grouping by it (functional dependency).
 */
export const TOP_BOOKS_SQL = `
  SELECT b.id AS book_id, b.title,
         sum(l.quantity)::integer AS units_sold,
         sum(l.quantity * l.unit_price_cents)::bigint AS revenue_cents
  FROM order_lines l
  JOIN books b ON b.id = l.book_id
  GROUP BY b.id
  ORDER BY revenue_cents DESC, b.id
  LIMIT $1`;

export async function topBooksByRevenue(db: DataSource, limit: number): Promise<BookRevenue[]> {
  const rows: { book_id: number; title: string; units_sold: number; revenue_cents: string }[] = await db.query(
    TOP_BOOKS_SQL,
    [limit],
  );
  // bigint arrives as a string (it may exceed 2^53); a bookstore's revenue fits a JS number.
  return rows.map((r) => ({
    bookId: r.book_id,
    title: r.title,
    unitsSold: r.units_sold,
    revenueCents: Number(r.revenue_cents),
  }));
}
