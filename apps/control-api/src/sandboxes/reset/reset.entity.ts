import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `resets`: one asked-for reset of one sandbox. Only ResetsRepository sees it. */
@Entity('resets')
export class ResetEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'sandbox_id', type: 'varchar', length: 40 }) sandboxId!: string;
  @Column({ name: 'batch_id', type: 'varchar', length: 36, nullable: true }) batchId!: string | null;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) method!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) detail!: string | null;
  @Column({ name: 'duration_ms', type: 'integer', nullable: true }) durationMs!: number | null;
  @Column({ name: 'requested_at', type: 'varchar', length: 32 }) requestedAt!: string;
  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true }) finishedAt!: string | null;
}
