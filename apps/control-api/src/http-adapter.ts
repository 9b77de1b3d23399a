import type { LabConfig } from '@lab/config';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { requestIdOf } from './logging/request-id';

/**
 * The control API's HTTP server: Nest on Fastify. Nest on Express alone answered 4,400 requests/s
 * at most on the 2-core machine, with p99 14–47 ms at a constant 1,000/s, before any work of the
 * API (`npm run bench -- api`, its floors); on Fastify the same app answers 19,700/s, p99 3 ms.
 * Routing keeps Express's manners: a trailing slash and the letters' case make no difference.
 */
export function createHttpAdapter(config: Pick<LabConfig, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // Every request's id (logs, X-Request-Id): a caller's only when it is sane (request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
}
