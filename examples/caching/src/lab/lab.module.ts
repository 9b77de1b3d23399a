import { Module } from '@nestjs/common';
import { CachingModule } from '../cache/caching.module';
import { CatalogSetup } from './catalog-setup';
import { HealthController, LabController } from './lab.controller';
import { LabService } from './lab.service';

/** The example app contract: boot-time seeding, health, reset and checksums. */
@Module({
  imports: [CachingModule],
  providers: [CatalogSetup, LabService],
  controllers: [HealthController, LabController],
  exports: [CatalogSetup],
})
export class LabModule {}
