import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `lab_checks`: a sandbox's latest result per step; only LabChecksRepository sees it. */
@Entity('lab_checks')
export class LabCheckEntity {
  @PrimaryColumn({ name: 'sandbox_id', type: 'varchar', length: 40 }) sandboxId!: string;
  @PrimaryColumn({ name: 'step_id', type: 'varchar', length: 64 }) stepId!: string;
  @Column({ type: 'boolean' }) passed!: boolean;
  @Column({ type: 'varchar', length: 500 }) detail!: string;
  @Column({ name: 'checked_at', type: 'varchar', length: 32 }) checkedAt!: string;
}
