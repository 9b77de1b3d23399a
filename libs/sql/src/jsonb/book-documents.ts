import type { Book, BookDocument, PriceChange } from '@lab/seed';
import type { DataSource, EntityManager } from 'typeorm';
import { Page, pageOf } from '../relational/records';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The fields a wishlist entry copies from its book: any change to them must reach the copies. */
const COPIED_FIELDS = ['title', 'author', 'priceCents'] as const;
type CopiedFields = Partial<Pick<BookDocument, (typeof COPIED_FIELDS)[number]>>;

const toBook = (row: { id: number; doc: Omit<BookDocument, 'id'> }): Book => ({
  id: row.id,
  title: row.doc.title,
  author: row.doc.author,
  priceCents: row.doc.priceCents,
  stock: row.doc.stock,
});

export async function createBookDocument(db: DataSource, input: Omit<Book, 'id'>): Promise<Book> {
  const [row] = await db.query<{ id: number; doc: Omit<BookDocument, 'id'> }[]>(
    `INSERT INTO docs.books (doc) VALUES ($1::jsonb) RETURNING id, doc`,
    [JSON.stringify(input)],
  );
  return toBook(row!);
}

export async function getBookDocument(db: Queryable, id: number): Promise<Book | undefined> {
  const [row] = await db.query<{ id: number; doc: Omit<BookDocument, 'id'> }[]>(
    `SELECT id, doc FROM docs.books WHERE id = $1`,
    [id],
  );
  return row && toBook(row);
}

export async function listBookDocuments(db: DataSource, page?: Page): Promise<Book[]> {
  const { take, skip } = pageOf(page);
  const rows = await db.query<{ id: number; doc: Omit<BookDocument, 'id'> }[]>(
    `SELECT id, doc FROM docs.books ORDER BY id LIMIT $1 OFFSET $2`,
    [take, skip],
  );
  return rows.map(toBook);
}

/**
 * Merges the patch into the book document (`||`) and, in the same transaction, into every wishlist
 * entry that copies one of the changed fields: in a document model, an update is only complete
 * once every copy agrees.
 */
export async function updateBookDocument(
  db: DataSource,
  id: number,
  patch: Partial<Omit<Book, 'id'>>,
): Promise<{ book: Book | undefined; change: PriceChange }> {
  return db.transaction(async (tx) => {
    const [, books] = await tx.query<[unknown, number]>(`UPDATE docs.books SET doc = doc || $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(patch),
    ]);
    const copied: CopiedFields = Object.fromEntries(COPIED_FIELDS.filter((f) => f in patch).map((f) => [f, patch[f]]));
    const customers = books > 0 && Object.keys(copied).length > 0 ? await syncWishlistCopies(tx, id, copied) : 0;
    return {
      book: await getBookDocument(tx, id),
      change: { updated: books + customers, breakdown: { books, customers } },
    };
  });
}

/** The wishlist fan-out of syncWishlistCopies: $1 the book id, $2 the copied fields (jsonb). */
export const SYNC_WISHLIST_COPIES_SQL = `UPDATE docs.customers AS c
   SET doc = jsonb_set(c.doc, '{wishlist}', (
     SELECT jsonb_agg(CASE WHEN (item->>'bookId')::integer = $1 THEN item || $2::jsonb ELSE item END ORDER BY pos)
     FROM jsonb_array_elements(c.doc->'wishlist') WITH ORDINALITY AS e(item, pos)))
   WHERE c.doc->'wishlist' @> jsonb_build_array(jsonb_build_object('bookId', $1::integer))`;

/**
 * Rewrites the copy of the book inside each wishlist that embeds it, leaving other entries and
 * their order alone. JSONB has no "update the matching array element" operator (MongoDB's
 * arrayFilters), so the array is rebuilt: unnest with positions, patch the match, aggregate back.
 * The GIN index on the wishlist finds the customers (`@>` containment) without reading them all.
 */
export async function syncWishlistCopies(tx: Queryable, bookId: number, copied: CopiedFields): Promise<number> {
  const [, updated] = await tx.query<[unknown, number]>(SYNC_WISHLIST_COPIES_SQL, [bookId, JSON.stringify(copied)]);
  return updated;
}

/**
 * Updates the book document and every wishlist embedding its current price: 1 + (wishlist holders)
 * documents. Order documents are not touched: their lines record the price paid, which a price
 * change must never rewrite.
 */
export async function changeBookPriceDocument(
  db: DataSource,
  bookId: number,
  priceCents: number,
): Promise<PriceChange> {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) {
    throw new RangeError(`price must be a whole, non-negative number of cents, got ${priceCents}`);
  }
  return (await updateBookDocument(db, bookId, { priceCents })).change;
}

/**
 * No foreign keys reach inside documents: nothing stops deleting a book that orders and wishlists
 * copy. That is the point of the snapshots (history stays readable); stale wishlist entries are
 * removed here, by the application, because the database will not.
 */
export async function deleteBookDocument(db: DataSource, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [, deleted] = await tx.query<[unknown, number]>(`DELETE FROM docs.books WHERE id = $1`, [id]);
    await tx.query(
      `UPDATE docs.customers AS c
       SET doc = jsonb_set(c.doc, '{wishlist}', coalesce((
         SELECT jsonb_agg(item ORDER BY pos)
         FROM jsonb_array_elements(c.doc->'wishlist') WITH ORDINALITY AS e(item, pos)
         WHERE (item->>'bookId')::integer <> $1), '[]'::jsonb))
       WHERE c.doc->'wishlist' @> jsonb_build_array(jsonb_build_object('bookId', $1::integer))`,
      [id],
    );
    return deleted > 0;
  });
}
