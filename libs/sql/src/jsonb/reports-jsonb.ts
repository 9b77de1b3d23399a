import type { BookRevenue } from '@lab/seed';
import type { DataSource } from 'typeorm';

/**
 * jsonb_array_elements unnests each order's embedded lines into rows (a lateral join with the
 * order), after which it is the same GROUP BY as the relational query. The title comes from the
 * snapshots; min() picks one should a title ever have changed between sales.
 */
export const TOP_BOOKS_JSONB_SQL = `
  SELECT (line->>'bookId')::integer AS book_id,
         min(line->>'title') AS title,
         sum((line->>'quantity')::integer)::integer AS units_sold,
         sum((line->>'quantity')::integer * (line->>'unitPriceCents')::integer)::bigint AS revenue_cents
  FROM docs.orders AS o
  CROSS JOIN LATERAL jsonb_array_elements(o.doc->'lines') AS line
  GROUP BY 1
  ORDER BY revenue_cents DESC, book_id
  LIMIT $1`;

export async function topBooksByRevenueDocument(db: DataSource, limit: number): Promise<BookRevenue[]> {
  const rows: { book_id: number; title: string; units_sold: number; revenue_cents: string }[] = await db.query(
    TOP_BOOKS_JSONB_SQL,
    [limit],
  );
  return rows.map((r) => ({
    bookId: r.book_id,
    title: r.title,
    unitsSold: r.units_sold,
    revenueCents: Number(r.revenue_cents),
  }));
}
