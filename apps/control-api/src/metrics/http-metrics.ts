import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { FastifyRequest, onResponseHookHandler } from 'fastify';
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
   * Times every request, including those no route matched and those a guard rejected: Fastify's
   * `onResponse` hook, added by configureApp before any route.
   */
  hook(): onResponseHookHandler {
    return (request, reply, done) => {
      this.observe(
        request.method,
        routeTemplate(request, reply.statusCode),
        reply.statusCode,
        reply.elapsedTime / 1_000,
      );
      done();
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
 * The route template (`/api/sandboxes/:id`), never the concrete path, so label values stay few. A
 * request no route matched has none (Fastify's not-found handler answered it).
 */
export function routeTemplate(request: Pick<FastifyRequest, 'routeOptions'>, status: number): string {
  const path = request.routeOptions.url;
  if (typeof path !== 'string' || (status === 404 && path.includes('*'))) return UNMATCHED_ROUTE;
  return path || '/';
}
