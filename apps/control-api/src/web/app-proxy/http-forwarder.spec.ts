import type { HttpException } from '@nestjs/common';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { forwardHttp, forwardUpgrade, refuseUpgrade, type Upstream } from './http-forwarder';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './proxy-headers';

// The exchange itself, between real sockets: a stand-in app (HTTP routes and a WebSocket echo) and
// a bare Node server that hands each request to the forwarder as the control API does. Who may use
// the proxy and how it finds a sandbox's app: test/control-api/app-proxy.e2e-spec.ts.

const prefix = '/api/sandboxes/sb-0123456789abcdef/app';
const limits = { timeoutMs: 1_000, maxBodyBytes: 64 * 1024 };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A POST whose body arrives in two writes with no Content-Length: only counting can stop it. */
function postInTwoParts(url: string, first: Buffer, second: Buffer): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.write(first);
    req.end(second);
  });
}

/** Opens a WebSocket, sends `ping` after the first message, and returns the first two messages. */
function pingPong(url: string, headers: Record<string, string>): Promise<string[]> {
  const socket = new WebSocket(url, { headers });
  const messages: string[] = [];
  return new Promise<string[]>((resolve, reject) => {
    socket.on('message', (data) => {
      messages.push(String(data));
      if (messages.length === 1) socket.send('ping');
      if (messages.length === 2) {
        socket.close();
        resolve(messages);
      }
    });
    socket.on('error', reject);
  });
}

/** The status of a handshake the server did not switch. */
function handshakeStatus(url: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', reject);
  });
}

describe('app proxy forwarding (HTTP and WebSocket)', () => {
  const app = createServer((req, res) => {
    if (req.url === '/headers') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.headers));
    } else if (req.url === '/count' && req.method === 'POST') {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => res.end(JSON.stringify({ bytes })));
    } else if (req.url === '/cookie') {
      res.setHeader('set-cookie', ['sid=1; Path=/; HttpOnly']);
      res.statusCode = 302;
      res.setHeader('location', '/docs/');
      res.end();
    } else if (req.url === '/slow') {
      // never answers
    } else {
      res.statusCode = 404;
      res.end('no such route');
    }
  });
  const echo = new WebSocketServer({ server: app, path: '/echo' });
  echo.on('connection', (socket, req) => {
    socket.send(
      JSON.stringify({ authorization: req.headers.authorization ?? null, prefix: req.headers['x-forwarded-prefix'] }),
    );
    socket.on('message', (data) => socket.send(`echo:${String(data)}`));
  });
  let appPort = 0;
  let closedPort = 0;

  const upstreamTo = (port: number, incoming: IncomingMessage, websocket: boolean): Upstream => {
    const context = {
      clientIp: '127.0.0.1',
      proto: 'http',
      host: 'lab.test',
      prefix,
      upstreamHost: `127.0.0.1:${port}`,
      websocket,
    };
    return {
      sandboxId: 'sb-0123456789abcdef',
      address: { host: '127.0.0.1', port },
      path: (incoming.url ?? '/').replace(/^\/(closed|app)/, '') || '/',
      headers: upstreamRequestHeaders(incoming.headers, context),
      responseHeaders: (headers) => downstreamResponseHeaders(headers, context),
    };
  };
  const portFor = (url: string | undefined) => (url?.startsWith('/closed') ? closedPort : appPort);
  const proxy = createServer((req, res) => {
    forwardHttp(req, res, upstreamTo(portFor(req.url), req, false), limits).catch((error: HttpException) => {
      res.writeHead(error.getStatus(), { 'content-type': 'application/problem+json', connection: 'close' });
      res.end(JSON.stringify({ status: error.getStatus(), detail: error.message }));
    });
  });
  proxy.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    forwardUpgrade(req, socket, head, upstreamTo(portFor(req.url), req, true), limits).catch((error: unknown) =>
      refuseUpgrade(socket, error, req.url ?? '/'),
    );
  });
  let base = '';

  beforeAll(async () => {
    appPort = await listen(app);
    const closed = createServer();
    closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    base = `http://127.0.0.1:${await listen(proxy)}`;
  });
  afterAll(async () => {
    for (const client of echo.clients) client.terminate();
    app.closeAllConnections();
    proxy.closeAllConnections();
    await Promise.all([app, proxy].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('passes a request on without the lab’s Authorization header or session cookie', async () => {
    const response = await fetch(`${base}/app/headers`, {
      headers: { authorization: 'Bearer lab-token', cookie: 'lab_session=s; mine=1' },
    });
    const seen = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(200);
    expect(seen.authorization).toBeUndefined();
    expect(seen.cookie).toBe('mine=1');
    expect(seen['x-forwarded-prefix']).toBe(prefix);
  });

  it('streams a request body to the app', async () => {
    const body = Buffer.alloc(40 * 1024, 7);
    const response = await fetch(`${base}/app/count`, { method: 'POST', body });
    expect(await response.json()).toEqual({ bytes: body.length });
  });

  it('refuses a declared body over the limit with 413, and a streamed one too', async () => {
    const declared = await fetch(`${base}/app/count`, { method: 'POST', body: Buffer.alloc(limits.maxBodyBytes + 1) });
    expect(declared.status).toBe(413);
    const streamed = await postInTwoParts(`${base}/app/count`, Buffer.alloc(limits.maxBodyBytes), Buffer.alloc(1024));
    expect(streamed).toBe(413);
  });

  it('scopes the app’s cookies and redirects to the prefix', async () => {
    const response = await fetch(`${base}/app/cookie`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${prefix}/docs/`);
    expect(response.headers.get('set-cookie')).toBe(`sid=1; Path=${prefix}/; HttpOnly`);
  });

  it('passes the app’s own error answers through as they are', async () => {
    const response = await fetch(`${base}/app/nothing-here`);
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 404, body: 'no such route' });
  });

  it('answers 502 when nothing listens where the app should be', async () => {
    const response = await fetch(`${base}/closed/headers`);
    expect(response.status).toBe(502);
  });

  it('answers 504 when the app does not start answering within the time limit', async () => {
    const response = await fetch(`${base}/app/slow`);
    expect(response.status).toBe(504);
  });

  it('tunnels a WebSocket both ways, without the lab’s Authorization header', async () => {
    const messages = await pingPong(`${base.replace('http', 'ws')}/app/echo`, { authorization: 'Bearer lab-token' });
    expect(JSON.parse(messages[0]!)).toEqual({ authorization: null, prefix });
    expect(messages[1]).toBe('echo:ping');
  });

  it('hands back the app’s answer when it does not switch protocols (ws refuses an unknown path: 400)', async () => {
    expect(await handshakeStatus(`${base.replace('http', 'ws')}/app/not-a-socket`)).toBe(400);
  });

  it('refuses a WebSocket with a 502 problem when the app is not there', async () => {
    expect(await handshakeStatus(`${base.replace('http', 'ws')}/closed/echo`)).toBe(502);
  });
});
