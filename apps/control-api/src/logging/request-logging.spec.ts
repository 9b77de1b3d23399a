import { Logger } from '@nestjs/common';
import express from 'express';
import { PinoLogger } from 'nestjs-pino';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import type { LabConfig } from '@lab/config';
import { httpLoggerOptions } from './logging.module';
import { requestLogging } from './request-logging';

/** JSON lines written to a stream, parsed. */
class Lines extends Writable {
  readonly entries: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.entries.push(JSON.parse(line));
    done();
  }
}

/** pino-http's own middleware, or ours with and without the binding for Nest's loggers. */
type Middleware = 'pino-http' | 'lazy' | 'lazy-unbound';

/** An Express app like the API's: the logging middleware first, then routes that answer and log. */
async function serve(middleware: Middleware, logLevel: LabConfig['logLevel']) {
  const lines = new Lines();
  const options = httpLoggerOptions({ logLevel, logRequestContext: middleware === 'lazy' });
  const http = pinoHttp(options, lines);
  const app = express();
  const children: unknown[] = [];
  if (middleware !== 'pino-http') {
    const root = http.logger;
    const child = root.child.bind(root);
    root.child = ((...args: Parameters<typeof child>) => (children.push(args[0]), child(...args))) as typeof child;
    app.use(requestLogging(root, options));
  } else {
    app.use(http);
  }
  const nest = new PinoLogger({ pinoHttp: { logger: http.logger } });
  nest.setContext('Chatty');
  app.get('/api/ok/:id', (_request, response) => void response.json({ ok: true }));
  app.get('/api/chatty', (request, response) => {
    // pino-http's own middleware leaves the binding to nestjs-pino's (not mounted here): log through req.log.
    if (middleware !== 'pino-http') nest.info('handling a chatty request');
    else request.log.info({ context: 'Chatty' }, 'handling a chatty request');
    response.json({ ok: true });
  });
  app.get('/api/broken', (_request, response) => void response.status(500).json({ ok: false }));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines, children, close: () => new Promise((done) => server.close(done)) };
}

/** What a line says, without what differs between two runs (times, the server's and client's ports). */
function comparable(entry: Record<string, unknown>): Record<string, unknown> {
  const { time: _time, responseTime: _responseTime, pid: _pid, err, ...rest } = entry;
  const error = err as { stack?: string } | undefined;
  const req = rest.req as Record<string, unknown> | undefined;
  const res = rest.res as { headers?: Record<string, unknown> } | undefined;
  const { date: _date, ...headers } = res?.headers ?? {};
  return {
    ...rest,
    ...(req
      ? {
          req: {
            ...req,
            remotePort: typeof req.remotePort,
            headers: { ...(req.headers as object), host: 'the server' },
          },
        }
      : {}),
    ...(res ? { res: { ...res, headers } } : {}),
    // The stack says where the error was made: in pino-http, or here.
    ...(error ? { err: { ...error, stack: typeof error.stack } } : {}),
  };
}

async function logsOf(middleware: Middleware, logLevel: LabConfig['logLevel']) {
  const app = await serve(middleware, logLevel);
  try {
    const calls: [string, RequestInit][] = [
      ['/api/ok/42?page=2', { headers: { 'x-request-id': 'ok-1', authorization: 'Bearer secret-token-1234' } }],
      ['/api/chatty', { headers: { 'x-request-id': 'chatty-1', cookie: 'session=cookie-secret-5678' } }],
      ['/api/nowhere', { headers: { 'x-request-id': 'missing-1' } }],
      ['/api/broken', { headers: { 'x-request-id': 'broken-1' } }],
    ];
    for (const [path, init] of calls) await (await fetch(`${app.base}${path}`, init)).text();
    // The completion lines are written once the responses have finished.
    await new Promise((done) => setImmediate(done));
    return { lines: app.lines.entries.map(comparable), children: app.children };
  } finally {
    await app.close();
  }
}

describe('requestLogging', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('writes the lines pino-http writes, request fields and redaction included', async () => {
    const expected = await logsOf('pino-http', 'info');
    const actual = await logsOf('lazy', 'info');
    expect(actual.lines).toEqual(expected.lines);
    expect(actual.lines).toHaveLength(5);
    expect(JSON.stringify(actual.lines)).not.toMatch(/secret-token-1234|cookie-secret-5678/);
  });

  it('at warn, writes the same lines and makes a request logger only for the requests it logs', async () => {
    const expected = await logsOf('pino-http', 'warn');
    const actual = await logsOf('lazy', 'warn');
    expect(actual.lines).toEqual(expected.lines);
    expect(actual.lines.map((line) => line.msg)).toEqual(['request completed', 'request errored']);
    // The plain 200 makes none; a Nest Logger call inside a request makes one (whatever its level).
    expect(actual.children.map((bindings) => (bindings as { req: { id: string } }).req.id)).toEqual([
      'chatty-1',
      'missing-1',
      'broken-1',
    ]);
  });

  it('without the binding (LAB_LOG_REQUEST_CONTEXT off): the same request lines; a Nest line inside carries no id', async () => {
    const bound = await logsOf('lazy', 'info');
    const unbound = await logsOf('lazy-unbound', 'info');
    const isChatty = (line: Record<string, unknown>) => line.msg === 'handling a chatty request';
    expect(unbound.lines.filter((line) => !isChatty(line))).toEqual(bound.lines.filter((line) => !isChatty(line)));
    expect(bound.lines.find(isChatty)).toMatchObject({ req: { id: 'chatty-1' } });
    // Unbound, the Nest line goes to nestjs-pino's process-wide logger (the first one made in this
    // file's run), not through this request's: no line of this request says it.
    expect(unbound.lines.filter(isChatty)).toEqual([]);
    // At warn, a request logger is made only for the lines written: the 404 and the 500.
    const quiet = await logsOf('lazy-unbound', 'warn');
    expect(quiet.children.map((bindings) => (bindings as { req: { id: string } }).req.id)).toEqual([
      'missing-1',
      'broken-1',
    ]);
  });
});
