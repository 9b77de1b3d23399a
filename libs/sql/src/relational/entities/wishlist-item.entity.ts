import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Row of `wishlist_items`: a reference, not a copy. Because the price is read from `books` at query
 * time, a price change touches one row however many customers wish for the book.
 */
@Entity('wishlist_items')
export class WishlistItemEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'integer' }) customerId!: number;
  @PrimaryColumn({ name: 'book_id', type: 'integer' }) bookId!: number;
}
