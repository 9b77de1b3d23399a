import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../../apps/control-api/src/app.module';
import { applyRoutePrefix } from '../../../apps/control-api/src/configure-app';
import { buildOpenApiDocument } from '../../../apps/control-api/src/openapi/openapi';

/**
 * The control API's OpenAPI document, built from the real AppModule without a server, Docker or a
 * database: Nest's preview mode resolves the module graph but instantiates no provider and no
 * controller (no config read, no connection, no reconcile loop), which is all @nestjs/swagger
 * needs — it reads the controllers' and DTOs' decorator metadata. Same builder and route prefix as
 * the served /api/openapi.json.
 *
 * Decorator metadata (`design:type`, constructor parameter types) must be emitted for both Nest and
 * @nestjs/swagger, so this runs under ts-jest (TypeScript), never under tsx (esbuild emits none).
 */
export async function buildControlApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    applyRoutePrefix(app);
    return stableOrder(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

/**
 * Paths and schemas by name, so the committed file does not depend on the order modules are
 * imported in, and a new route lands in one place of the diff. Everything else keeps Nest's order.
 */
export function stableOrder(document: OpenAPIObject): OpenAPIObject {
  return {
    ...document,
    paths: sortKeys(document.paths),
    ...(document.components
      ? {
          components: {
            ...document.components,
            ...(document.components.schemas ? { schemas: sortKeys(document.components.schemas) } : {}),
          },
        }
      : {}),
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
