import type { WishlistView } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { CustomerEntity } from './entities';
import { CustomerInput, CustomerRecord, Page, pageOf, toCustomer } from './records';

export async function createCustomer(db: DataSource, input: CustomerInput): Promise<CustomerRecord> {
  const repository = db.getRepository(CustomerEntity);
  return toCustomer(await repository.save(repository.create(input)));
}

export async function getCustomer(db: DataSource, id: number): Promise<CustomerRecord | undefined> {
  const entity = await db.getRepository(CustomerEntity).findOneBy({ id });
  return entity ? toCustomer(entity) : undefined;
}

export async function listCustomers(db: DataSource, page?: Page): Promise<CustomerRecord[]> {
  const entities = await db.getRepository(CustomerEntity).find({ order: { id: 'ASC' }, ...pageOf(page) });
  return entities.map(toCustomer);
}

export async function updateCustomer(
  db: DataSource,
  id: number,
  patch: Partial<CustomerInput>,
): Promise<CustomerRecord | undefined> {
  const result = await db.getRepository(CustomerEntity).update({ id }, patch);
  return result.affected ? getCustomer(db, id) : undefined;
}

/** Throws (foreign key violation) when the customer has orders; the wishlist goes with them. */
export async function deleteCustomer(db: DataSource, id: number): Promise<boolean> {
  const result = await db.getRepository(CustomerEntity).delete({ id });
  return (result.affected ?? 0) > 0;
}

export const WISHLIST_SQL = `
  SELECT b.id AS book_id, b.title, b.author, b.price_cents
  FROM wishlist_items w
  JOIN books b ON b.id = w.book_id
  WHERE w.customer_id = $1
  ORDER BY b.id`;

/** The wishlist joined to `books`: the price shown is always the current one, with no copy to sync. */
export async function wishlist(db: DataSource, customerId: number): Promise<WishlistView[]> {
  const rows: { book_id: number; title: string; author: string; price_cents: number }[] = await db.query(WISHLIST_SQL, [
    customerId,
  ]);
  return rows.map((r) => ({ bookId: r.book_id, title: r.title, author: r.author, priceCents: r.price_cents }));
}
