import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `workshops`; only WorkshopsRepository sees it. */
@Entity('workshops')
export class WorkshopEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'leader_id', type: 'varchar', length: 64 }) leaderId!: string;
  @Column({ type: 'varchar', length: 64 }) example!: string;
  @Column({ type: 'integer' }) seats!: number;
  /** sha256 of the join code; the code itself is shown once, to the leader. */
  @Column({ name: 'join_code_hash', type: 'varchar', length: 64, unique: true }) joinCodeHash!: string;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ name: 'ends_at', type: 'varchar', length: 32 }) endsAt!: string;
  @Column({ name: 'ended_at', type: 'varchar', length: 32, nullable: true }) endedAt!: string | null;
  /** The leader shows the lab's solutions to the seats' students. */
  @Column({ name: 'solutions_visible', type: 'boolean', default: false }) solutionsVisible!: boolean;
}

/** Row of `workshop_seats`. */
@Entity('workshop_seats')
export class WorkshopSeatEntity {
  @PrimaryColumn({ name: 'workshop_id', type: 'varchar', length: 36 }) workshopId!: string;
  @PrimaryColumn({ type: 'integer' }) seat!: number;
  @Column({ name: 'sandbox_id', type: 'varchar', length: 40 }) sandboxId!: string;
  @Column({ name: 'student_name', type: 'varchar', length: 100, nullable: true }) studentName!: string | null;
  @Column({ name: 'token_id', type: 'varchar', length: 36, nullable: true }) tokenId!: string | null;
  @Column({ name: 'joined_at', type: 'varchar', length: 32, nullable: true }) joinedAt!: string | null;
  /** sha256 of the rejoin secret given at the first join; the secret itself is shown once, to the student. */
  @Column({ name: 'rejoin_secret_hash', type: 'varchar', length: 64, nullable: true })
  rejoinSecretHash!: string | null;
  /** JSON: which lab steps pass, as last evaluated. */
  @Column({ type: 'text', nullable: true }) progress!: string | null;
  @Column({ name: 'progress_at', type: 'varchar', length: 32, nullable: true }) progressAt!: string | null;
}
