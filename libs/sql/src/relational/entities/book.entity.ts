import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Row of `books`: the only place a book's price and stock live in the relational model. */
@Entity('books')
export class BookEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' }) id!: number;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) author!: string;
  @Column({ name: 'price_cents', type: 'integer' }) priceCents!: number;
  @Column({ type: 'integer' }) stock!: number;
}
