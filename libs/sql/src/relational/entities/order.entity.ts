import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { OrderLineEntity } from './order-line.entity';

/** Row of `orders`: who and when; what was bought is in `order_lines`. */
@Entity('orders')
export class OrderEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' }) id!: number;
  @Column({ name: 'customer_id', type: 'integer' }) customerId!: number;
  @ManyToOne(() => CustomerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt!: Date;
  @OneToMany(() => OrderLineEntity, (line) => line.order) lines?: OrderLineEntity[];
}
