import { INestApplicationContext, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, AccessLevel } from './access.decorator';

/** A route handler and the access it declares (on itself or its controller), if any. */
export interface RouteAccess {
  controller: string;
  handler: string;
  /** `GET /health`: the declared path, without the global prefix. */
  route: string;
  access: AccessLevel | undefined;
}

/** Every route handler of a compiled application (it need not listen) and its declared access. */
export function auditRouteAccess(app: INestApplicationContext): RouteAccess[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const controllers = discovery
    .getControllers()
    .map((wrapper) => wrapper.metatype as Type | null)
    .filter((metatype): metatype is Type => typeof metatype === 'function');
  return [...new Set(controllers)].flatMap((controller) => controllerRouteAccess(controller));
}

/** The routes that declare no access level: must be empty (design habit 8). */
export function findRoutesWithoutAccess(app: INestApplicationContext): RouteAccess[] {
  return auditRouteAccess(app).filter((route) => route.access === undefined);
}

export function controllerRouteAccess(controller: Type): RouteAccess[] {
  const reflector = new Reflector();
  const prototype = controller.prototype as Record<string, unknown>;
  return new MetadataScanner().getAllMethodNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    if (typeof handler !== 'function') return [];
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    if (path === undefined) return []; // a helper method, not a route
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'ALL';
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
    return [
      {
        controller: controller.name,
        handler: name,
        route: `${method} ${joinPaths(base, path)}`,
        access: reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [handler, controller]),
      },
    ];
  });
}

function joinPaths(base: string | string[] | undefined, path: string | string[]): string {
  const parts = [base, path].map((p) =>
    [p ?? '']
      .flat()
      .join('|')
      .replace(/^\/+|\/+$/g, ''),
  );
  return `/${parts.filter(Boolean).join('/')}`;
}
