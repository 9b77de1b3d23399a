import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `settings`; only SettingsRepository sees it. */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'varchar', length: 200 }) value!: string;
}
