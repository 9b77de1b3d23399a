import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Row of `customers`; never leaves this library (use cases return plain objects). */
@Entity('customers')
export class CustomerEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' }) id!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', unique: true }) email!: string;
  @Column({ type: 'text' }) city!: string;
}
