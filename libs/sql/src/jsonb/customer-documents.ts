import type { CustomerDocument, WishlistView } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { CustomerInput, CustomerRecord, Page, pageOf } from '../relational/records';

type Row = { id: number; doc: Omit<CustomerDocument, 'id'> };

const toCustomer = ({ id, doc }: Row): CustomerRecord => ({ id, name: doc.name, email: doc.email, city: doc.city });

/** A new customer document starts with an empty embedded wishlist. */
export async function createCustomerDocument(db: DataSource, input: CustomerInput): Promise<CustomerRecord> {
  const [row] = await db.query<Row[]>(`INSERT INTO docs.customers (doc) VALUES ($1::jsonb) RETURNING id, doc`, [
    JSON.stringify({ ...input, wishlist: [] }),
  ]);
  return toCustomer(row!);
}

export async function getCustomerDocument(db: DataSource, id: number): Promise<CustomerRecord | undefined> {
  const [row] = await db.query<Row[]>(`SELECT id, doc FROM docs.customers WHERE id = $1`, [id]);
  return row && toCustomer(row);
}

export async function listCustomerDocuments(db: DataSource, page?: Page): Promise<CustomerRecord[]> {
  const { take, skip } = pageOf(page);
  const rows = await db.query<Row[]>(`SELECT id, doc FROM docs.customers ORDER BY id LIMIT $1 OFFSET $2`, [take, skip]);
  return rows.map(toCustomer);
}

/**
 * Name and email are also copied into order documents, as a snapshot of who bought: those copies
 * are history and deliberately stay as they were.
 */
export async function updateCustomerDocument(
  db: DataSource,
  id: number,
  patch: Partial<CustomerInput>,
): Promise<CustomerRecord | undefined> {
  const [rows] = await db.query<[Row[], number]>(
    `UPDATE docs.customers SET doc = doc || $2::jsonb WHERE id = $1 RETURNING id, doc`,
    [id, JSON.stringify(patch)],
  );
  return rows[0] && toCustomer(rows[0]);
}

/** Orders keep their customer snapshot, so they stay readable after the customer is gone. */
export async function deleteCustomerDocument(db: DataSource, id: number): Promise<boolean> {
  const [, deleted] = await db.query<[unknown, number]>(`DELETE FROM docs.customers WHERE id = $1`, [id]);
  return deleted > 0;
}

/** One read, no join: the wishlist is inside the customer document, prices included. */
export async function wishlistDocument(db: DataSource, customerId: number): Promise<WishlistView[]> {
  const [row] = await db.query<{ wishlist: WishlistView[] }[]>(
    `SELECT doc->'wishlist' AS wishlist FROM docs.customers WHERE id = $1`,
    [customerId],
  );
  return (row?.wishlist ?? []).map(({ bookId, title, author, priceCents }) => ({ bookId, title, author, priceCents }));
}
