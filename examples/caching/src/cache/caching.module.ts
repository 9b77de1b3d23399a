import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { CatalogStats } from './catalog-stats';
import { ProductCacheService } from './product-cache.service';
import { StampedeDemoService } from './stampede-demo.service';

/** Redis in front of the catalog: every pattern, and the numbers that show what each one buys. */
@Module({
  imports: [CatalogModule],
  providers: [CatalogStats, ProductCacheService, StampedeDemoService],
  exports: [CatalogStats, ProductCacheService, StampedeDemoService],
})
export class CachingModule {}
