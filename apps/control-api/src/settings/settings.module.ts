import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LAB_INSTANCE, loadLabInstance } from './lab-instance';
import { SettingEntity } from './setting.entity';
import { SettingsRepository } from './settings.repository';

@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity])],
  providers: [SettingsRepository, { provide: LAB_INSTANCE, inject: [SettingsRepository], useFactory: loadLabInstance }],
  exports: [LAB_INSTANCE],
})
export class SettingsModule {}
