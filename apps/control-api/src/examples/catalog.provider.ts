import { Catalog, CatalogProblem, loadCatalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import type { ImageResolver } from '@lab/runtime';
import { Logger, Provider } from '@nestjs/common';
import { LAB_CONFIG } from '../config.provider';
import { IMAGE_RESOLVER } from '../runtime/runtime.module';

export const CATALOG = Symbol('CATALOG');

/**
 * The catalog, read once at boot. A broken manifest is left out (the others load) and reported
 * with its file and the path of the error: in the log at start-up and to admins over the API.
 */
export const catalogProvider: Provider<Catalog> = {
  provide: CATALOG,
  inject: [LAB_CONFIG, IMAGE_RESOLVER],
  useFactory: (config: LabConfig, images: ImageResolver) => loadCatalog(config.examplesDir, images.allowedKeys()),
};

/** One line per problem: `<file>: <path>: <message> (example skipped)`. */
export function describeProblem(problem: CatalogProblem): string {
  return `${problem.file}: ${problem.path ? `${problem.path}: ` : ''}${problem.message} (example skipped)`;
}

export function logCatalog(catalog: Catalog, logger = new Logger('Catalog')): void {
  for (const problem of catalog.problems) logger.warn(describeProblem(problem));
  logger.log(`${catalog.examples.length} example(s) in the catalog, ${catalog.problems.length} problem(s)`);
}
