import { LabConfig } from '@lab/config';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DestinationStream, stdTimeFunctions } from 'pino';
import { HttpLogger, Options, pinoHttp } from 'pino-http';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { parseAppProxyUrl } from '../web/app-proxy/app-proxy-path';
import { assignRequestId } from './request-id';

/** Where JSON log lines go: stdout; tests replace it to read what was logged. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** The pino-http middleware; `configureApp` mounts it in front of everything else. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** Headers that carry credentials: logged as `[redacted]`. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

export function httpLoggerOptions(config: Pick<LabConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: withoutAppQueries },
    genReqId: assignRequestId,
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    // A scrape every few seconds would drown the log; it still gets a request id.
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/metrics' },
  };
}

/**
 * A request to a sandbox's app is logged by its path only: its query string is the app's business
 * (an OAuth code, a token in a link), not the lab's log's.
 */
export function withoutAppQueries<T extends { url?: string; query?: unknown; params?: unknown }>(request: T): T {
  if (typeof request.url === 'string' && parseAppProxyUrl(request.url) !== undefined) {
    request.url = request.url.split('?')[0];
    delete request.query;
    delete request.params;
  }
  return request;
}

/**
 * JSON logs through pino. pino-http gives each request an id and logs its completion; it is
 * mounted as plain Express middleware (see configureApp) so that requests no route matches get
 * an id too. nestjs-pino then serves Nest's Logger, binding each request's child logger, so a
 * `new Logger(…)` line written while handling a request carries `req.id`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [LabConfigModule],
      providers: [
        { provide: LOG_DESTINATION, useFactory: (): DestinationStream => process.stdout },
        {
          provide: HTTP_LOGGER,
          inject: [LAB_CONFIG, LOG_DESTINATION],
          useFactory: (config: LabConfig, destination: DestinationStream): HttpLogger =>
            pinoHttp(httpLoggerOptions(config), destination),
        },
      ],
      inject: [HTTP_LOGGER],
      useFactory: (httpLogger: HttpLogger) => ({
        pinoHttp: { logger: httpLogger.logger },
        useExisting: true,
        forRoutes: [{ path: '/{*path}', method: RequestMethod.ALL }],
      }),
    }),
  ],
})
export class LoggingModule {}
