import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `locks`: a named serialisation point (see SandboxesRepository.exclusively). */
@Entity('locks')
export class LockEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) name!: string;
  @Column({ name: 'taken_at', type: 'varchar', length: 32, nullable: true }) takenAt!: string | null;
}
