import { LabConfig } from '@lab/config';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DestinationStream, Logger, stdTimeFunctions } from 'pino';
import { Options, pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { parseAppProxyUrl } from '../web/app-proxy/app-proxy-path';
import { assignRequestId } from './request-id';
import { requestLogging, RequestLoggingOptions } from './request-logging';

/** Where JSON log lines go: stdout; tests replace it to read what was logged. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** The request logging middleware (request-logging.ts); `configureApp` mounts it in front of everything else. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** The middleware and the root logger its request loggers are children of. */
export type HttpLogger = RequestHandler & { logger: Logger };

/** Headers that carry credentials: logged as `[redacted]`. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

export function httpLoggerOptions(
  config: Pick<LabConfig, 'logLevel' | 'logRequestContext'>,
): Options & RequestLoggingOptions {
  return {
    level: config.logLevel,
    bindToNestLoggers: config.logRequestContext,
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
 * JSON logs through pino. The request logging middleware (pino-http's lines, made lazily: see
 * request-logging.ts) gives each request an id and logs its completion; it is mounted as plain
 * middleware (see configureApp) so that requests no route matches get an id too. With
 * LAB_LOG_REQUEST_CONTEXT=on it also binds each request's logger for nestjs-pino, which serves Nest's
 * Logger, so a `new Logger(…)` line written while handling a request carries `req.id` (nestjs-pino's
 * own binding middleware is not mounted: it would make the request's logger at once).
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
          useFactory: (config: LabConfig, destination: DestinationStream): HttpLogger => {
            const options = httpLoggerOptions(config);
            // pino-http builds the root logger (serializers, redaction, level) as it always did.
            const { logger } = pinoHttp(options, destination);
            return Object.assign(requestLogging(logger, options), { logger });
          },
        },
      ],
      inject: [HTTP_LOGGER],
      useFactory: (httpLogger: HttpLogger) => ({
        pinoHttp: { logger: httpLogger.logger },
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
