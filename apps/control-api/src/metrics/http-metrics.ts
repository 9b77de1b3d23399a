import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** `route` label of a request no route matched: keeps scanners from inventing label values. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** Prometheus metrics of one application instance (its own registry, not prom-client's global). */
@Injectable()
export class HttpMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /**
   * Express middleware timing every request, including those no route matched and those a
   * guard rejected; mounted by configureApp in front of everything else.
   */
  middleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.observe(request.method, routeTemplate(request, response.statusCode), response.statusCode, seconds);
      });
      next();
    };
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}

/**
 * The route template (`/api/sandboxes/:id`), never the concrete path, so label values stay few.
 * Express leaves `req.route` at the last route that ran: for a request no controller matched,
 * that is the catch-all mount of a Nest middleware (`/api/{*path}`), or nothing.
 */
export function routeTemplate(request: Pick<Request, 'route' | 'baseUrl'>, status: number): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  if (status === 404 && path.includes('*')) return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}` || '/';
}
