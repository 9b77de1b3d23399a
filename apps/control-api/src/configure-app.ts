import { LabConfig } from '@lab/config';
import { INestApplication, RequestMethod } from '@nestjs/common';
import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemDetailsFilter } from '@lab/http-problems';
import { LAB_CONFIG } from './config.provider';
import { translateEngineErrors } from './runtime/engine-availability';
import { HTTP_LOGGER, HttpLogger } from './logging/logging.module';
import { REQUEST_ID_HEADER } from './logging/request-id';
import { HttpMetrics } from './metrics/http-metrics';
import { setupOpenApi } from './openapi/openapi';
import { useBodyParsersOutsideAppProxy } from './web/app-proxy/body-parsers';
import { serveWebApp } from './web/web-app/web-app';

/** Routes outside the `/api` prefix: where probes and scrapers look. */
export const UNPREFIXED_ROUTES = [
  { path: 'health', method: RequestMethod.ALL },
  { path: 'metrics', method: RequestMethod.ALL },
];

/** `/api/...`, but /health and /metrics at the root: the layout the OpenAPI document describes too. */
export function applyRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_ROUTES });
}

/**
 * The HTTP surface that modules cannot set up themselves. main.ts and the e2e tests both call
 * this (before `listen`), so the tests exercise the production setup.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Behind a reverse proxy (README: "Serving a classroom on a LAN"), the client address (rate
  // limits, logs) and scheme come from the X-Forwarded-* headers of the proxies trusted here only:
  // the adapter's `trustProxy` (http-adapter.ts).
  // Every answer says which request it was (Fastify gave the request its id: http-adapter.ts).
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // Plain middleware runs first and for every request, matched by a route or not.
  app.use(app.get<HttpLogger>(HTTP_LOGGER));
  fastify.addHook('onResponse', app.get(HttpMetrics).hook());
  // `request.cookies` for the browser session cookie (unsigned: its value is a random secret the
  // server looks up, so a signature would add nothing).
  await app.register(fastifyCookie);
  // Bodies for a sandbox's app stream through untouched (Fastify would otherwise read them first).
  useBodyParsersOutsideAppProxy(fastify);
  await serveWebApp(app, app.get<LabConfig>(LAB_CONFIG).webDir);
  applyRoutePrefix(app);
  app.useGlobalPipes(createValidationPipe());
  // An engine that does not answer is a 503 to retry, not a 500.
  app.useGlobalFilters(new ProblemDetailsFilter(translateEngineErrors));
  setupOpenApi(app);
  return app;
}
