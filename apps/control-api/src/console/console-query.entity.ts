import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Row of `console_queries`: one console statement; only ConsoleHistoryRepository sees it. */
@Entity('console_queries')
export class ConsoleQueryEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column({ name: 'sandbox_id', type: 'varchar', length: 40 }) sandboxId!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ type: 'varchar', length: 64 }) service!: string;
  @Column({ type: 'text' }) statement!: string;
  @Column({ type: 'boolean' }) ok!: boolean;
  @Column({ type: 'varchar', length: 500, nullable: true }) error!: string | null;
  @Column({ name: 'row_count', type: 'integer', nullable: true }) rowCount!: number | null;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs!: number;
  @Column({ name: 'ran_at', type: 'varchar', length: 32 }) ranAt!: string;
}
