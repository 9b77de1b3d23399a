import { expectData } from '@lab/api-client';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { Reconciler } from '../../apps/control-api/src/sandboxes/reconcile/reconciler.service';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

// A sandbox's example app through the control API (/api/sandboxes/:id/app/…), on real sandboxes:
// sql-vs-nosql (its routes, /docs and its assets, a POST) and auth (it reads `Authorization` and
// sets its own cookie, so it shows what reaches it). The reconciler is held still: a stopped app
// container then stays `ready` in the records — the moment between a crash and the next pass, in
// which the proxy must answer 502 rather than hang or fail with a 500.
const idleReconciler = { requestPass: () => Promise.resolve(), completedPasses: () => 0 };

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A request with its path sent byte for byte (fetch would resolve `..` and `%2e%2e` first). */
function rawGet(base: string, path: string, token: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The HTTP status a WebSocket handshake got when it was not switched (the socket never opens). */
function refusedHandshake(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => reject(new Error('the handshake was accepted')));
    socket.on('error', reject);
  });
}

describe('control API: the example app through the API', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  let other: string;
  let books: SandboxView;
  let auth: SandboxView;
  let prefix: string;
  let direct: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: 'examples' },
      overrides: [{ token: Reconciler, useValue: idleReconciler }],
    });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'ada');
    other = await client.issueToken(ADMIN_TOKEN, 'bob');
    const launched = await Promise.all(
      ['sql-vs-nosql', 'auth'].map((example) =>
        expectData(client.as(student).POST('/api/sandboxes', { body: { example } })),
      ),
    );
    const ready = await Promise.all(
      launched.map((s) => client.waitForSandbox(student, s.id, (view) => view.state === 'ready', 240_000)),
    );
    books = ready[0]!;
    auth = ready[1]!;
    prefix = `${api.base}/api/sandboxes/${books.id}/app`;
    direct = books.app!.url.replace(/\/docs$/, '');
  });
  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    try {
      await api?.close();
    } finally {
      for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
        await lab.runtime.destroy(status.id);
      }
      await lab.reap();
    }
  });

  it('answers /health and a JSON route exactly as the app does directly', async () => {
    for (const path of ['/health', '/sql/books/1', '/jsonb/customers/1/orders']) {
      const [proxied, straight] = await Promise.all([
        fetch(`${prefix}${path}`, { headers: as(student) }),
        fetch(`${direct}${path}`),
      ]);
      expect({ path, status: proxied.status, body: await proxied.json() }).toEqual({
        path,
        status: straight.status,
        body: await straight.json(),
      });
      expect(proxied.headers.get('content-type')).toBe(straight.headers.get('content-type'));
    }
  });

  it('logs a proxied request by its path: no token, no query string', async () => {
    const response = await fetch(`${prefix}/health?secret=app-owned-value`, { headers: as(student) });
    expect(response.status).toBe(200);
    await response.text();
    const line = api.logs
      .entries()
      .find((entry) => JSON.stringify(entry).includes(`/api/sandboxes/${books.id}/app/health`));
    expect(line).toBeDefined();
    expect(api.logs.text()).not.toContain('app-owned-value');
    expect(api.logs.text()).not.toContain(student);
  });

  it('serves /docs whose scripts and stylesheets all load under the prefix, and whose server is the prefix', async () => {
    const page = await fetch(`${prefix}/docs`, { headers: as(student) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map(
      (match) => new URL(match[1]!, `${prefix}/docs`).href,
    );
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/swagger-ui\.css$/),
        expect.stringMatching(/swagger-ui-init\.js$/),
      ]),
    );
    for (const asset of assets) {
      expect(asset.startsWith(`${prefix}/docs/`)).toBe(true);
      const response = await fetch(asset, { headers: as(student) });
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/javascript|css|image/);
      const body = await response.text();
      expect(body.length).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${prefix}/docs/swagger-ui-init.js`, { headers: as(student) })).text();
    // "Try it out" must call /api/sandboxes/<id>/app/sql/…, not /sql/… of the API.
    expect(init).toContain(`"url": "/api/sandboxes/${books.id}/app"`);
  });

  it('redirects the prefix without its slash to the prefix with it', async () => {
    const response = await fetch(prefix, { headers: as(student), redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe(`/api/sandboxes/${books.id}/app/`);
  });

  it('passes a POST with its JSON body on, and the app acts on it', async () => {
    const order = await fetch(`${prefix}/sql/orders`, {
      method: 'POST',
      headers: { ...as(student), 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 2, lines: [{ bookId: 21, quantity: 1 }] }),
    });
    expect(order.status).toBe(201);
    expect(await order.json()).toMatchObject({ lines: [{ bookId: 21, quantity: 1 }] });
    expect(await (await fetch(`${direct}/sql/books/21`)).json()).toMatchObject({ id: 21, stock: 0 });
  });

  it('lets an admin in too (anyone who may see the sandbox)', async () => {
    const response = await fetch(`${prefix}/health`, { headers: as(ADMIN_TOKEN) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('answers 401 without a token and 404 to another student, as problems that never reach the app', async () => {
    const anonymous = await fetch(`${prefix}/health`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const stranger = await fetch(`${prefix}/health`, { headers: as(other) });
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ status: 404, title: 'Sandbox not found' });
  });

  it('refuses paths that climb out of the prefix, raw or encoded (400)', async () => {
    const id = books.id;
    for (const path of [
      `/api/sandboxes/${id}/app/../../tokens`,
      `/api/sandboxes/${id}/app/%2e%2e/%2e%2e/tokens`,
      `/api/sandboxes/${id}/app/sql%2f..%2f..%2fhealth`,
    ]) {
      const answer = await rawGet(api.base, path, student);
      expect({ path, status: answer.status, type: answer.contentType }).toEqual({
        path,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it('never lets the lab’s Authorization header or session cookie reach the app, and scopes the app’s cookie', async () => {
    // The auth example verifies any Authorization header it gets as its own JWT (401 when it is
    // not); without one it opens an anonymous session and sets its `sid` cookie.
    const authPrefix = `/api/sandboxes/${auth.id}/app`;
    const response = await fetch(`${api.base}${authPrefix}/session`, {
      headers: { ...as(student), cookie: 'lab_session=lab_ses_0000000000000000000000000000000000000000000' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: null, csrfToken: expect.any(String) });
    const cookie = String(response.headers.get('set-cookie'));
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toContain(`Path=${authPrefix}/`);
    // The same request sent straight to the app with that header is refused: the check can fail.
    const straight = await fetch(`${auth.app!.url.replace(/\/docs$/, '')}/session`, { headers: as(student) });
    expect(straight.status).toBe(401);
  });

  it('answers 409 while the sandbox is not ready', async () => {
    const launched = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'sql-vs-nosql' } }));
    const response = await fetch(`${api.base}/api/sandboxes/${launched.id}/app/health`, { headers: as(student) });
    await client.call('DELETE', `sandboxes/${launched.id}`, { token: student });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 409, title: 'Sandbox not ready', state: 'provisioning' });
  });

  it('takes WebSocket handshakes with the same rules, and hands them to the app', async () => {
    const url = `${prefix.replace(/^http/, 'ws')}/health`;
    expect(await refusedHandshake(url, {})).toBe(401);
    expect(await refusedHandshake(url, as(other))).toBe(404);
    expect(await refusedHandshake(url, { ...as(student), origin: 'http://evil.example' })).toBe(403);
    // sql-vs-nosql speaks no WebSocket: its answer to the handshake (the /health document) comes back.
    expect(await refusedHandshake(url, as(student))).toBe(200);
  });

  it('answers 502 with a problem when the app’s container is stopped', async () => {
    const app = (await lab.runtime.inspect(books.id))!.services.find((service) => service.name === 'app')!;
    await lab.docker.raw.getContainer(app.containerId).stop({ t: 2 });
    const response = await fetch(`${prefix}/health`, { headers: as(student) });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 502, title: 'App not answering' });
    expect(JSON.stringify(problem)).not.toMatch(/ at |127\.0\.0\.1/);
  });

  it('counts the exchanges by kind and outcome in /metrics', async () => {
    const metrics = await (await fetch(`${api.base}/metrics`)).text();
    expect(metrics).toMatch(/^lab_app_proxy_requests_total\{kind="http",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^lab_app_proxy_requests_total\{kind="http",outcome="unreachable"\} [1-9]/m);
    expect(metrics).toMatch(/^lab_app_proxy_requests_total\{kind="websocket",outcome="refused"\} [1-9]/m);
    expect(metrics).toMatch(/^lab_app_proxy_requests_total\{kind="websocket",outcome="declined"\} [1-9]/m);
  });
});
