import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { parse as parseForm } from 'fast-querystring';
import { parseAppProxyUrl } from './app-proxy-path';

/** Requests on their way to a sandbox's app: their body is the app's, never read here. */
const forApp = new WeakSet<IncomingMessage>();

const JSON_TYPES = ['application/json'];
const FORM_TYPES = ['application/x-www-form-urlencoded'];

/**
 * The API's own routes get JSON and form bodies parsed (Nest's two parsers, same limits); a body on
 * its way to a sandbox's app streams through untouched: Fastify is handed an empty stream for it
 * in its place (claiming the length the request declared, so Fastify's length check holds), and
 * the app proxy pipes the request itself. Any media type may go to an app; the API's routes take
 * JSON and forms only (415 for others). Nest's own parsers are off (`bodyParser: false`).
 */
export function useBodyParsersOutsideAppProxy(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (parseAppProxyUrl(request.url) === undefined) return done(null, payload);
    forApp.add(request.raw);
    const declared = Number(request.headers['content-length'] ?? 0);
    done(null, Object.assign(Readable.from([]), { receivedEncodedLength: declared }));
  });
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (request, body, done) =>
    // An empty body is no body (as Express had it), e.g. a DELETE that names its type anyway.
    isForApp(request) || body === '' ? done(null, undefined) : json(request, body as string, done),
  );
  fastify.addContentTypeParser(FORM_TYPES, { parseAs: 'string' }, (request, body, done) =>
    isForApp(request) ? done(null, undefined) : done(null, parseForm(body as string)),
  );
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (isForApp(request)) return done(null, undefined);
    const unsupported = Object.assign(new Error(`Unsupported media type: ${request.headers['content-type']}`), {
      statusCode: 415,
    });
    done(unsupported, undefined);
  });
}

function isForApp(request: FastifyRequest): boolean {
  return forApp.has(request.raw);
}
