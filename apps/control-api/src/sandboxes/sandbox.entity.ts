import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Row of `sandboxes`: what was asked for (`desired`) and what was last seen (`state`). Only
 * SandboxesRepository sees it. Times are ISO-8601 strings and structured values JSON text, so
 * the same schema works on SQLite and PostgreSQL.
 */
@Entity('sandboxes')
@Index('sandboxes_owner_idempotency', ['ownerId', 'idempotencyKey'], { unique: true })
export class SandboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) example!: string;
  @Column({ name: 'owner_id', type: 'varchar', length: 64 }) ownerId!: string;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'varchar', length: 16 }) desired!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason!: string | null;
  /** JSON object of the generated service secrets (never logged, never in an error). */
  @Column({ type: 'text' }) secrets!: string;
  /** JSON array of published endpoints once ready. */
  @Column({ type: 'text', nullable: true }) endpoints!: string | null;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true }) requestHash!: string | null;
  @Column({ name: 'created_at', type: 'varchar', length: 32 }) createdAt!: string;
  @Column({ name: 'updated_at', type: 'varchar', length: 32 }) updatedAt!: string;
  @Column({ name: 'expires_at', type: 'varchar', length: 32 }) expiresAt!: string;
  @Column({ name: 'workshop_id', type: 'varchar', length: 36, nullable: true }) workshopId!: string | null;
  @Column({ name: 'leader_id', type: 'varchar', length: 64, nullable: true }) leaderId!: string | null;
  @Column({ name: 'last_activity_at', type: 'varchar', length: 32, nullable: true }) lastActivityAt!: string | null;
  @Column({ name: 'failed_at', type: 'varchar', length: 32, nullable: true }) failedAt!: string | null;
}
