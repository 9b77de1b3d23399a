import { Module } from '@nestjs/common';
import { CachingModule } from '../cache/caching.module';
import { ReadsController } from './reads.controller';
import { StatsController } from './stats.controller';
import { WritesController } from './writes.controller';

/** The REST surface students call. */
@Module({ imports: [CachingModule], controllers: [ReadsController, WritesController, StatsController] })
export class ProductsModule {}
