import type { LabConfig } from '@lab/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { DatabaseHealth } from './database-health';
import { databaseOptions } from './database-options';

/** The one connection to the control API's state; features register entities with `forFeature`. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [LabConfigModule],
      inject: [LAB_CONFIG],
      useFactory: (config: LabConfig) => databaseOptions(config),
    }),
  ],
  providers: [DatabaseHealth],
  exports: [DatabaseHealth],
})
export class DatabaseModule {}
