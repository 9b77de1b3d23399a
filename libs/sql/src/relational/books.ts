import type { Book, PriceChange } from '@lab/seed';
import type { DataSource } from 'typeorm';
import { BookEntity } from './entities';
import { BookInput, Page, pageOf, toBook } from './records';

export async function createBook(db: DataSource, input: BookInput): Promise<Book> {
  return toBook(await db.getRepository(BookEntity).save(db.getRepository(BookEntity).create(input)));
}

export async function getBook(db: DataSource, id: number): Promise<Book | undefined> {
  const entity = await db.getRepository(BookEntity).findOneBy({ id });
  return entity ? toBook(entity) : undefined;
}

export async function listBooks(db: DataSource, page?: Page): Promise<Book[]> {
  const entities = await db.getRepository(BookEntity).find({ order: { id: 'ASC' }, ...pageOf(page) });
  return entities.map(toBook);
}

/** Returns the updated book, or undefined when there is none with this id. */
export async function updateBook(db: DataSource, id: number, patch: Partial<BookInput>): Promise<Book | undefined> {
  const result = await db.getRepository(BookEntity).update({ id }, patch);
  return result.affected ? getBook(db, id) : undefined;
}

/** Throws (foreign key violation) when the book was ever sold: history keeps its books. */
export async function deleteBook(db: DataSource, id: number): Promise<boolean> {
  const result = await db.getRepository(BookEntity).delete({ id });
  return (result.affected ?? 0) > 0;
}

/**
 * One UPDATE of one row: orders reference the book by id and keep the price paid, wishlists
 * reference it and read the price at query time, so nothing else holds a copy.
 */
export async function changeBookPrice(db: DataSource, bookId: number, priceCents: number): Promise<PriceChange> {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) {
    throw new RangeError(`price must be a whole, non-negative number of cents, got ${priceCents}`);
  }
  const result = await db
    .createQueryBuilder()
    .update(BookEntity)
    .set({ priceCents })
    .where('id = :bookId', { bookId })
    .execute();
  const updated = result.affected ?? 0;
  return { updated, breakdown: { books: updated } };
}
