import { LabAppModule } from '@lab/lab-app';
import { Module } from '@nestjs/common';
import { CachingModule } from '../cache/caching.module';
import { CatalogSetup } from './catalog-setup';
import { LabService } from './lab.service';

/** The example app contract: boot-time seeding here, health, reset and checksums from @lab/lab-app. */
@Module({
  imports: [
    LabAppModule.forRoot({
      contract: LabService,
      imports: [CachingModule],
      stores: {
        postgres: { checksum: 'SHA-256 over every table (rows in key order) and sequence' },
        redis: { checksum: 'SHA-256 over every key: type, value, and whether it expires' },
      },
      resetDescription:
        'PostgreSQL: the working database cloned again from its seed template. Redis: FLUSHDB and the seed ' +
        'in one MULTI. Queued write-behind writes are dropped and the stats start over.',
    }),
  ],
  providers: [CatalogSetup],
  exports: [CatalogSetup],
})
export class LabModule {}
