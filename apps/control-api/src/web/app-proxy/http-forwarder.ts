import type { ServiceAddress } from '@lab/runtime';
import { type HttpException } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, renderProblem } from '@lab/http-problems';
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
import { AppRequestTooLargeException, AppTimeoutException, AppUnreachableException } from './app-proxy.errors';

/** One request on its way to a sandbox's app. */
export interface Upstream {
  sandboxId: string;
  address: ServiceAddress;
  /** The app's path with the query, as the browser sent it after the prefix. */
  path: string;
  headers: OutgoingHttpHeaders;
  /** The app's response headers as the browser should get them. */
  responseHeaders: (headers: IncomingHttpHeaders) => OutgoingHttpHeaders;
}

export interface ForwardLimits {
  /** Until the app's response headers (or its 101); after them a response streams as long as it lasts. */
  timeoutMs: number;
  maxBodyBytes: number;
}

/** How a forwarded exchange ended, for the metrics. */
export type ForwardOutcome = 'ok' | 'client-gone';

// Connections to apps are reused (a page loads a dozen assets), a bounded number per app.
const agent = new Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 4, timeout: 60_000 });

/**
 * Streams one request to the app and its response back, never buffering a body. Rejects with a
 * problem exception while nothing was sent to the browser yet (the app refused the connection,
 * did not answer in time, the body was too large); after that a failure cuts the response.
 */
export function forwardHttp(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  upstream: Upstream,
  limits: ForwardLimits,
): Promise<ForwardOutcome> {
  return new Promise<ForwardOutcome>((resolve, reject) => {
    const declared = Number(incoming.headers['content-length'] ?? 0);
    if (declared > limits.maxBodyBytes) {
      reject(new AppRequestTooLargeException(limits.maxBodyBytes));
      return;
    }
    let settled = false;
    const fail = (error: HttpException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outgoing.headersSent) {
        outgoing.destroy();
        resolve('client-gone');
      } else reject(error);
    };

    const toApp = request({
      host: upstream.address.host,
      port: upstream.address.port,
      method: incoming.method,
      path: upstream.path,
      headers: upstream.headers,
      agent,
    });
    const timer = setTimeout(() => {
      fail(new AppTimeoutException(upstream.sandboxId, limits.timeoutMs));
      toApp.destroy();
    }, limits.timeoutMs);

    toApp.on('error', (error: NodeJS.ErrnoException) =>
      fail(new AppUnreachableException(upstream.sandboxId, error.code ?? 'connection failed')),
    );
    toApp.on('response', (fromApp) => {
      clearTimeout(timer);
      if (settled) {
        fromApp.destroy();
        return;
      }
      settled = true;
      outgoing.writeHead(fromApp.statusCode ?? 502, fromApp.statusMessage, upstream.responseHeaders(fromApp.headers));
      // Headers out at once: a stream (server-sent events) must not wait for its first chunk.
      outgoing.flushHeaders();
      pipeline(fromApp, outgoing, (error) => resolve(error ? 'client-gone' : 'ok'));
    });
    // The browser went away: so does the request to the app.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) toApp.destroy();
    });

    let received = 0;
    incoming.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) {
        incoming.unpipe(toApp);
        toApp.destroy();
        fail(new AppRequestTooLargeException(limits.maxBodyBytes));
      }
    });
    incoming.pipe(toApp);
  });
}

/** A WebSocket (or other upgrade) on its way to the app; resolves once the tunnel is open or the app declined. */
export function forwardUpgrade(
  incoming: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  upstream: Upstream,
  limits: Pick<ForwardLimits, 'timeoutMs'>,
): Promise<'tunnel' | 'declined'> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const toApp = request({
      host: upstream.address.host,
      port: upstream.address.port,
      method: incoming.method,
      path: upstream.path,
      headers: upstream.headers,
      // A tunnel holds its connection for good: never one from the shared pool.
      agent: false,
    });
    const fail = (error: HttpException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      toApp.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new AppTimeoutException(upstream.sandboxId, limits.timeoutMs)),
      limits.timeoutMs,
    );
    toApp.on('error', (error: NodeJS.ErrnoException) =>
      fail(new AppUnreachableException(upstream.sandboxId, error.code ?? 'connection failed')),
    );
    toApp.on('upgrade', (fromApp, appSocket, appHead) => {
      clearTimeout(timer);
      if (settled || socket.destroyed) {
        appSocket.destroy();
        return;
      }
      settled = true;
      socket.write(
        statusAndHeaders(101, fromApp.statusMessage, {
          ...upstream.responseHeaders(fromApp.headers),
          connection: 'Upgrade',
          upgrade: fromApp.headers.upgrade ?? 'websocket',
        }),
      );
      if (appHead.length) socket.write(appHead);
      if (head.length) appSocket.write(head);
      const close = () => {
        socket.destroy();
        appSocket.destroy();
      };
      socket.on('error', close).on('close', close);
      appSocket.on('error', close).on('close', close);
      appSocket.pipe(socket);
      socket.pipe(appSocket);
      resolve('tunnel');
    });
    // The app answered without switching protocols: the browser gets that answer as it is.
    toApp.on('response', (fromApp) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      socket.write(
        statusAndHeaders(fromApp.statusCode ?? 502, fromApp.statusMessage, {
          ...upstream.responseHeaders(fromApp.headers),
          connection: 'close',
        }),
      );
      pipeline(fromApp, socket, () => socket.destroy());
      resolve('declined');
    });
    socket.on('close', () => {
      if (!settled) fail(new AppUnreachableException(upstream.sandboxId, 'client closed'));
    });
    toApp.end();
  });
}

/** Answers an upgrade request that goes no further with a problem document, then hangs up. */
export function refuseUpgrade(socket: Duplex, exception: unknown, instance: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { problem, headers } = renderProblem(exception, instance);
  const body = JSON.stringify(problem);
  socket.end(
    statusAndHeaders(problem.status, undefined, {
      ...headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    }) + body,
  );
}

function statusAndHeaders(status: number, message: string | undefined, headers: OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ''}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
