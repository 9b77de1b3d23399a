import { expectData } from '@lab/api-client';
import { auditRouteAccess, RouteAccess } from '../../apps/control-api/src/access/access-declarations';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

/**
 * A concrete path for a declared route (the first of a handler's paths): `:id` of a sandbox route →
 * the given sandbox id, other parameters and wildcards → fixed values.
 */
function concretePath(route: RouteAccess, sandboxId: string): { method: string; path: string } {
  const [method, templates] = route.route.split(' ') as [string, string];
  const template = templates.split('|')[0]!;
  const path = template
    .replace(/:id\b/, template.startsWith('/sandboxes/:id') ? sandboxId : '00000000-0000-4000-8000-000000000000')
    .replace(/:[a-zA-Z]+/g, 'x')
    .replace(/\{\*[a-zA-Z]+\}/g, 'x');
  const prefixed = ['/health', '/metrics'].includes(path) ? path : `/api${path}`;
  // `ALL` (the app proxy) is no method a request can have: asked with GET.
  return { method: method === 'ALL' ? 'GET' : method, path: prefixed };
}

/**
 * The routes of one sandbox that a token authorises. Public ones (the app proxy's grant paths) are
 * authorised by what their path carries, not by a token (test/web/terminal-and-app covers them).
 */
function tokenRoutesOfASandbox(routes: RouteAccess[]): RouteAccess[] {
  return routes.filter((route) => route.route.includes('/sandboxes/:id') && route.access !== 'public');
}

/** A body that passes validation where one is needed, so the answer is about access. */
function plausibleBody(method: string, path: string): unknown {
  if (method !== 'POST') return undefined;
  if (path.endsWith('/extend')) return { minutes: 5 };
  if (path.endsWith('/sandboxes')) return { example: 'tiny-sql' };
  if (path.endsWith('/tokens')) return { name: 'x', role: 'student' };
  if (path.endsWith('/query')) return { service: 'postgres', statement: 'SELECT 1' };
  return {};
}

// Object-level authorization: nobody sees, touches or learns of another user's sandbox.
describe('control API: authorization matrix', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let routes: RouteAccess[];
  let alice: string;
  let bob: string;
  let leader: string;
  let alicesSandbox: SandboxView;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 1_000 } });
    client = new ApiClient(api.base);
    routes = auditRouteAccess(api.app);
    alice = await client.issueToken(ADMIN_TOKEN, 'alice');
    bob = await client.issueToken(ADMIN_TOKEN, 'bob');
    leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
    alicesSandbox = await expectData(client.as(alice).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    alicesSandbox = await client.waitForSandbox(alice, alicesSandbox.id, (s) => s.state === 'ready');
  });
  afterAll(async () => {
    await api?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('covers the sandbox routes that take an id (the matrix is not vacuous)', () => {
    const withId = routes.filter((r) => r.route.includes('/sandboxes/:id')).map((r) => r.route);
    expect(withId).toEqual(
      expect.arrayContaining([
        'GET /sandboxes/:id',
        'DELETE /sandboxes/:id',
        'POST /sandboxes/:id/extend',
        'GET /sandboxes/:id/events',
        'GET /sandboxes/:id/logs',
      ]),
    );
  });

  it('answers 404 to student B on every route with student A’s sandbox id, and changes nothing', async () => {
    const answers: { route: string; status: number; detail: unknown }[] = [];
    for (const route of tokenRoutesOfASandbox(routes)) {
      const { method, path } = concretePath(route, alicesSandbox.id);
      const response = await client.call(method, path, { token: bob, body: plausibleBody(method, path) });
      const body = (await response.json().catch(() => ({}))) as { detail?: unknown };
      answers.push({
        route: `${method} ${path.replace(alicesSandbox.id, ':id')}`,
        status: response.status,
        detail: body.detail,
      });
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).toEqual(
      answers.map(({ route }) => ({ route, status: 404, detail: expect.not.stringContaining('alice') })),
    );
    const still = await expectData(
      client.as(alice).GET('/api/sandboxes/{id}', { params: { path: { id: alicesSandbox.id } } }),
    );
    expect(still).toMatchObject({ state: 'ready', expiresAt: alicesSandbox.expiresAt });
  });

  it('answers an unknown id exactly as another user’s id (no existence oracle)', async () => {
    const mine = await client.call('GET', `sandboxes/${alicesSandbox.id}`, { token: bob });
    const none = await client.call('GET', 'sandboxes/sb-0000000000000000', { token: bob });
    const bodyOf = async (r: Response) => {
      const { instance: _instance, detail, ...rest } = (await r.json()) as Record<string, string>;
      return { ...rest, detail: detail!.replace(/sb-[0-9a-f]{16}/, 'ID') };
    };
    expect(mine.status).toBe(none.status);
    expect(await bodyOf(mine)).toEqual(await bodyOf(none));
  });

  it('lists only the caller’s own sandboxes, every one to an admin', async () => {
    const ofBob = await expectData(client.as(bob).GET('/api/sandboxes'));
    expect(ofBob.map((s) => s.id)).not.toContain(alicesSandbox.id);
    const ofAdmin = await expectData(client.as(ADMIN_TOKEN).GET('/api/sandboxes'));
    expect(ofAdmin.find((s) => s.id === alicesSandbox.id)?.services[0]?.password).toBeDefined();
  });

  it('answers 403 to a student on every leader or admin route', async () => {
    const restricted = routes.filter((r) => r.access === 'admin').concat(routes.filter((r) => r.access === 'leader'));
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) {
      const { method, path } = concretePath(route, alicesSandbox.id);
      const response = await client.call(method, path, { token: alice, body: plausibleBody(method, path) });
      expect({ route: route.route, status: response.status }).toEqual({ route: route.route, status: 403 });
    }
  });

  it('answers 403 to a leader on every admin route', async () => {
    for (const route of routes.filter((r) => r.access === 'admin')) {
      const { method, path } = concretePath(route, alicesSandbox.id);
      const response = await client.call(method, path, { token: leader, body: plausibleBody(method, path) });
      expect({ route: route.route, status: response.status }).toEqual({ route: route.route, status: 403 });
    }
  });

  it('answers 401 without a token on every route that is not public', async () => {
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const { method, path } = concretePath(route, alicesSandbox.id);
      const response = await client.call(method, path, { body: plausibleBody(method, path) });
      expect({ route: route.route, status: response.status }).toEqual({ route: route.route, status: 401 });
    }
  });
});

describe('control API: rate limit', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ config: { rateLimitPerMinute: 5 } });
  });
  afterAll(() => api?.close());

  it('answers 429 problem+json with Retry-After past the limit, per user, and never limits /health', async () => {
    const client = new ApiClient(api.base);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await client.call('GET', 'examples', { token: ADMIN_TOKEN })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await client.call('GET', 'examples', { token: ADMIN_TOKEN });
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ status: 429, type: 'urn:backend-lab:problem:rate-limited' });
    // Callers without a valid token are counted by address, apart from the signed-in user.
    expect((await client.call('GET', 'sandboxes')).status).toBe(401);
    for (let i = 0; i < 10; i += 1) expect((await fetch(`${api.base}/health`)).status).toBe(200);
  });
});
