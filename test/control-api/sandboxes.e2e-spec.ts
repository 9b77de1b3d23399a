import { expectData } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import { Client } from 'pg';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient, readServerSentEvents, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

const FIXTURES = 'test/fixtures/examples';

// The whole life of a sandbox through the API, on real Docker: launch → ready → connect with the
// returned credentials → follow → extend → delete → nothing left.
/** An SSE `state` event that ends provisioning. */
const isSettledEvent = (e: { event: string; data: string }) =>
  e.event === 'state' && ['ready', 'failed'].includes(JSON.parse(e.data).state);

describe('control API: sandbox lifecycle', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let alice: string;
  let sandbox: SandboxView;
  let progress: Promise<Awaited<ReturnType<typeof readServerSentEvents>>>;

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: FIXTURES, reconcileIntervalMs: 1_000, quota: { perUser: 2, total: 10 } },
    });
    client = new ApiClient(api.base);
    alice = await client.issueToken(ADMIN_TOKEN, 'alice');
  });
  afterAll(async () => {
    await api?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    // Whatever a failed assertion left behind.
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('accepts a launch with 202 and state provisioning', async () => {
    const response = await client.call('POST', 'sandboxes', {
      token: alice,
      body: { example: 'tiny-sql', ttlMinutes: 30 },
    });
    expect(response.status).toBe(202);
    sandbox = (await response.json()) as SandboxView;
    expect(sandbox).toMatchObject({ example: 'tiny-sql', state: 'provisioning', services: [] });
    expect(sandbox.id).toMatch(/^sb-[0-9a-f]{16}$/);
    expect(response.headers.get('location')).toBe(`/api/sandboxes/${sandbox.id}`);
    expect(new Date(sandbox.expiresAt).getTime() - new Date(sandbox.createdAt).getTime()).toBe(30 * 60_000);
    progress = readServerSentEvents(`${api.base}/api/sandboxes/${sandbox.id}/events`, alice, (events) =>
      events.some(isSettledEvent),
    );
  });

  it('becomes ready with connection details that work', async () => {
    sandbox = await client.waitForSandbox(alice, sandbox.id, (s) => s.state !== 'provisioning');
    expect(sandbox.state).toBe('ready');
    const [postgres] = sandbox.services;
    expect(postgres).toMatchObject({
      name: 'postgres',
      engine: 'postgresql',
      host: '127.0.0.1',
      username: 'student',
      database: 'shop',
    });
    expect(postgres!.password!.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits, base64url
    // Tagged with this installation's id: its reconciler lists (and may reap) only its own objects.
    const [container] = await lab.docker.listContainers({ [LABEL.sandbox]: sandbox.id });
    expect(container?.Labels['lab.instance']).toBe(api.app.get<LabInstance>(LAB_INSTANCE).id);
    const pg = new Client({ connectionString: postgres!.url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ answer: number }>('SELECT 40 + 2 AS answer');
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await pg.end();
    }
  });

  it('streamed its provisioning progress and state over SSE', async () => {
    const { status, contentType, events } = await progress;
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const states = events.filter((e) => e.event === 'state').map((e) => JSON.parse(e.data).state);
    expect(states[0]).toBe('provisioning');
    expect(states.at(-1)).toBe('ready');
    const steps = events.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data).step);
    expect(steps).toEqual(expect.arrayContaining(['network', 'create', 'readiness', 'ready']));
  });

  it('streams a service’s logs over SSE', async () => {
    const { status, events } = await readServerSentEvents(
      `${api.base}/api/sandboxes/${sandbox.id}/logs?service=postgres&tail=100`,
      alice,
      () => false, // without follow, the stream ends by itself
    );
    expect(status).toBe(200);
    expect(events.map((e) => e.data).join('\n')).toMatch(/ready to accept connections/);
    const unknown = await client.call('GET', `sandboxes/${sandbox.id}/logs?service=nope`, { token: alice });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: expect.stringContaining('postgres') });
  });

  it('extends the expiry', async () => {
    const before = new Date(sandbox.expiresAt).getTime();
    const extended = await expectData(
      client
        .as(alice)
        .POST('/api/sandboxes/{id}/extend', { params: { path: { id: sandbox.id } }, body: { minutes: 15 } }),
    );
    expect(new Date(extended.expiresAt).getTime()).toBe(before + 15 * 60_000);
    const tooLong = await client.call('POST', `sandboxes/${sandbox.id}/extend`, {
      token: alice,
      body: { minutes: 10_000 },
    });
    expect(tooLong.status).toBe(400);
  });

  it('answers a repeated Idempotency-Key with the same sandbox, and refuses it for another body', async () => {
    const headers = { 'idempotency-key': `launch-${lab.runId}` };
    const first = await client.call('POST', 'sandboxes', { token: alice, body: { example: 'tiny-sql' }, headers });
    const again = await client.call('POST', 'sandboxes', { token: alice, body: { example: 'tiny-sql' }, headers });
    expect([first.status, again.status]).toEqual([202, 202]);
    const [a, b] = [(await first.json()) as SandboxView, (await again.json()) as SandboxView];
    expect(b.id).toBe(a.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await client.call('POST', 'sandboxes', {
      token: alice,
      body: { example: 'tiny-sql', ttlMinutes: 5 },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('refuses a launch over the per-user quota with 429 and Retry-After', async () => {
    const response = await client.call('POST', 'sandboxes', { token: alice, body: { example: 'tiny-sql' } });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ type: 'urn:backend-lab:problem:quota-exceeded', status: 429 });
  });

  it('rejects bad launch requests with 400 problem+json', async () => {
    const bad = [
      { example: 'no-such-example' },
      { example: 'tiny-sql', extra: true },
      { example: 'tiny-sql', ttlMinutes: 0 },
      { example: 'tiny-sql', ttlMinutes: 1.5 },
      { example: 'tiny-sql', ttlMinutes: 100_000 },
      { example: 'Not A Slug' },
      {},
    ];
    for (const body of bad) {
      const response = await client.call('POST', 'sandboxes', { token: alice, body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail.length).toBeGreaterThan(10);
    }
  });

  it('reports sandboxes, provisioning time and Docker calls in /metrics', async () => {
    const text = await (await fetch(`${api.base}/metrics`)).text();
    expect(text).toMatch(/^lab_sandboxes\{state="ready"\} [1-9]/m);
    expect(text).toMatch(/^lab_sandbox_provision_duration_seconds_count\{outcome="ready"\} [1-9]/m);
    expect(text).toMatch(/^lab_docker_call_duration_seconds_count\{kind="create container",outcome="ok"\} [1-9]/m);
  });

  it('deletes: 202, then `deleted`, and no labelled object is left', async () => {
    const mine = await expectData(client.as(alice).GET('/api/sandboxes'));
    for (const own of mine) {
      const response = await client.call('DELETE', `sandboxes/${own.id}`, { token: alice });
      expect(response.status).toBe(202);
    }
    for (const own of mine) {
      const gone = await client.waitForSandbox(alice, own.id, (s) => s.state === 'deleted');
      expect(gone.services).toEqual([]);
      expect(await lab.leftovers(own.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    }
    // Deleting again is fine and changes nothing.
    expect((await client.call('DELETE', `sandboxes/${sandbox.id}`, { token: alice })).status).toBe(202);
    const events = await readServerSentEvents(`${api.base}/api/sandboxes/${sandbox.id}/events`, alice, () => false);
    expect(events.events.map((e) => JSON.parse(e.data).state)).toEqual(['deleted']);
  });

  it('never wrote a generated password to its log (canary)', () => {
    const password = sandbox.services[0]!.password!;
    expect(api.logs.text()).toContain(sandbox.id); // the log did record this sandbox's life
    expect(api.logs.text()).not.toContain(password);
    expect(api.logs.text()).not.toContain(encodeURIComponent(password));
  });
});
