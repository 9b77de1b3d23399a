import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `comparisons`; only ComparisonsRepository sees it. */
@Entity('comparisons')
export class ComparisonEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ name: 'sandbox_id', type: 'varchar', length: 40 }) sandboxId!: string;
  @Column({ name: 'workload_name', type: 'varchar', length: 64 }) workloadName!: string;
  @Column({ type: 'text' }) request!: string;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'text', nullable: true }) result!: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true }) finishedAt!: string | null;
}
