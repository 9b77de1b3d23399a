import type { Book, Customer } from '@lab/seed';
import type { BookEntity, CustomerEntity } from './entities';

/** A customer row without the wishlist (that is a table of its own here). */
export type CustomerRecord = Omit<Customer, 'wishlist'>;
export type BookInput = Omit<Book, 'id'>;
export type CustomerInput = Omit<CustomerRecord, 'id'>;

/** Copies out of the entity: callers get data, not objects tied to the ORM. */
export function toBook(entity: BookEntity): Book {
  return {
    id: entity.id,
    title: entity.title,
    author: entity.author,
    priceCents: entity.priceCents,
    stock: entity.stock,
  };
}

export function toCustomer(entity: CustomerEntity): CustomerRecord {
  return { id: entity.id, name: entity.name, email: entity.email, city: entity.city };
}

/** A page of a listing; `limit` is capped so one request cannot dump a large table. */
export interface Page {
  limit?: number;
  offset?: number;
}

export const MAX_PAGE = 100;

export function pageOf(page: Page = {}): { take: number; skip: number } {
  const take = Math.min(Math.max(1, Math.trunc(page.limit ?? 20)), MAX_PAGE);
  const skip = Math.max(0, Math.trunc(page.offset ?? 0));
  return { take, skip };
}
