import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BookEntity } from './book.entity';
import { OrderEntity } from './order.entity';

/** Row of `order_lines`: one book of one order, with the price paid (history, never updated). */
@Entity('order_lines')
export class OrderLineEntity {
  @PrimaryColumn({ name: 'order_id', type: 'integer' }) orderId!: number;
  @PrimaryColumn({ name: 'line_no', type: 'smallint' }) lineNo!: number;
  @ManyToOne(() => OrderEntity, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;
  @Column({ name: 'book_id', type: 'integer' }) bookId!: number;
  @ManyToOne(() => BookEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'book_id' })
  book?: BookEntity;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ name: 'unit_price_cents', type: 'integer' }) unitPriceCents!: number;
}
