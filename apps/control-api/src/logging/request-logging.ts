import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage, type Store } from 'nestjs-pino/storage';
import type { Level, Logger } from 'pino';

/** What the middleware takes from pino-http's options (logging.module.ts builds both from one object). */
export interface RequestLoggingOptions {
  genReqId(request: IncomingMessage, response: ServerResponse): string;
  customLogLevel(request: IncomingMessage, response: ServerResponse, error?: Error): Level;
  autoLogging: { ignore(request: IncomingMessage): boolean };
  /**
   * Whether Nest `Logger` lines written while the request is handled carry its logger (its id):
   * through AsyncLocalStorage, which on Node 20 runs async hooks on every promise of the process.
   * Measured on the listing: about a quarter of the answers per second, and the hooks' records,
   * promoted to the old generation at ~15 MB/s, made full GCs whose pauses were the slowest
   * answers (README, "No request context…"). Off, the request's own lines (completion, error)
   * still carry its id.
   */
  bindToNestLoggers: boolean;
}

/** What nestjs-pino keeps for a request (its `Store`), with the logger made on first use. */
class LazyLoggerStore {
  private made: Logger | undefined;

  constructor(private readonly make: () => Logger) {}

  get logger(): Logger {
    return (this.made ??= this.make());
  }

  /** nestjs-pino's PinoLogger.assign replaces it with a child of its own. */
  set logger(replacement: Logger) {
    this.made = replacement;
  }
}

/** The request as pino-std-serializers reads it, taken when the request arrives (as pino-http did). */
interface RequestView {
  id: string;
  method: string | undefined;
  originalUrl: string;
  query: unknown;
  params: unknown;
  headers: IncomingMessage['headers'];
  socket: { remoteAddress: string | undefined; remotePort: number | undefined };
  raw: Request;
}

/**
 * pino-http's middleware with the same log lines, made lazily. pino-http makes each request's child
 * logger (`root.child({ req })`) when the request arrives: pino serializes, redacts and stringifies
 * the request there and then, even when nothing will be logged (LOG_LEVEL=warn and a 200). In the
 * api bench's profile that was most of the logging cost of a request. Here the request is only
 * noted when it arrives (the same fields, so a line says what it said before) and the child is made
 * when something is logged: a Nest `Logger` line inside the request (through nestjs-pino's store,
 * which this middleware fills instead of nestjs-pino's own middleware, when `bindToNestLoggers`) or
 * the completion line when its level is enabled.
 */
export function requestLogging(root: Logger, options: RequestLoggingOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const id = (request.id as string | undefined) || options.genReqId(request, response);
    request.id = id;
    const startedAt = Date.now();
    const view: RequestView = {
      id,
      method: request.method,
      // Express sets originalUrl before any middleware runs.
      originalUrl: request.originalUrl,
      query: request.query,
      params: request.params,
      // A copy: code further on may change the headers (the app proxy forwards some of them).
      headers: { ...request.headers },
      socket: { remoteAddress: request.socket.remoteAddress, remotePort: request.socket.remotePort },
      raw: request,
    };
    const store = new LazyLoggerStore(() => root.child({ req: view }));
    const logger = (): Logger => store.logger;

    const complete = (error?: Error): void => {
      response.removeListener('close', complete);
      response.removeListener('finish', complete);
      response.removeListener('error', complete);
      const level = options.customLogLevel(request, response, error);
      if (!root.isLevelEnabled(level)) return;
      const responseTime = Date.now() - startedAt;
      const failure = error ?? (response as Response & { err?: Error }).err;
      if (failure || response.statusCode >= 500) {
        logger()[level](
          { res: response, err: failure ?? new Error(`failed with status code ${response.statusCode}`), responseTime },
          'request errored',
        );
        return;
      }
      logger()[level](
        { res: response, responseTime },
        !request.readableAborted && response.writableEnded ? 'request completed' : 'request aborted',
      );
    };
    if (!options.autoLogging.ignore(request)) {
      response.on('close', complete);
      response.on('finish', complete);
    }
    response.on('error', complete);

    // nestjs-pino's Store has no more than `logger` (and an optional `responseLogger`).
    if (options.bindToNestLoggers) storage.run(store satisfies Store, next);
    else next();
  };
}
