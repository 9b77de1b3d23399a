import type { Catalog } from '@lab/catalog';
import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { RuntimeModule } from '../runtime/runtime.module';
import { CatalogProblemsController } from './catalog-problems.controller';
import { CATALOG, catalogProvider, logCatalog } from './catalog.provider';
import { ExamplesController } from './examples.controller';

@Module({
  imports: [RuntimeModule],
  controllers: [ExamplesController, CatalogProblemsController],
  providers: [catalogProvider],
  exports: [catalogProvider],
})
export class ExamplesModule implements OnApplicationBootstrap {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  /** Logged here, not while loading: by now the application's logger is in place. */
  onApplicationBootstrap(): void {
    logCatalog(this.catalog);
  }
}
