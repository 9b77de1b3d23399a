import { LabConfig } from '@lab/config';
import { INestApplication, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemDetailsFilter } from '@lab/http-problems';
import { LAB_CONFIG } from './config.provider';
import { translateEngineErrors } from './runtime/engine-availability';
import { HTTP_LOGGER, HttpLogger } from './logging/logging.module';
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
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const express = app.getHttpAdapter().getInstance() as {
    disable(setting: string): void;
    set(setting: string, value: unknown): void;
  };
  // No framework advertisement in every response.
  express.disable('x-powered-by');
  // Behind a reverse proxy (README: "Serving a classroom on a LAN"), the client address (rate
  // limits, logs) and scheme come from the X-Forwarded-* headers of the proxies trusted here only.
  express.set('trust proxy', app.get<LabConfig>(LAB_CONFIG).trustProxy);
  // Plain Express middleware runs first and for every request, matched by a route or not.
  app.use(app.get<HttpLogger>(HTTP_LOGGER));
  app.use(app.get(HttpMetrics).middleware());
  // `request.cookies` for the browser session cookie (unsigned: its value is a random secret the
  // server looks up, so a signature would add nothing).
  app.use(cookieParser());
  // Bodies for a sandbox's app stream through untouched (Nest would otherwise parse them first).
  useBodyParsersOutsideAppProxy(app);
  serveWebApp(app, app.get<LabConfig>(LAB_CONFIG).webDir);
  applyRoutePrefix(app);
  app.useGlobalPipes(createValidationPipe());
  // An engine that does not answer is a 503 to retry, not a 500.
  app.useGlobalFilters(new ProblemDetailsFilter(translateEngineErrors));
  setupOpenApi(app);
  return app;
}
