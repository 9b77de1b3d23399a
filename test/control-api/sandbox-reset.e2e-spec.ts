import { expectData, LabSchemas } from '@lab/api-client';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

type ResetView = LabSchemas['ResetDto'];

// POST /api/sandboxes/:id/reset on a real example (caching: PostgreSQL + Redis + its app): the
// seed comes back in place through the example's reset entry point; when that fails, the
// containers are recreated and the answer says so.
const isResetDone = (s: { state: string; lastReset?: { state: string } }) =>
  s.state === 'ready' && s.lastReset?.state === 'done';

describe('control API: sandbox reset', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  let sandbox: SandboxView;
  let appUrl: string;
  let seed: unknown;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'examples', reconcileIntervalMs: 2_000 } });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'rosa');
    const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'caching' } }));
    sandbox = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready');
    appUrl = sandbox.app!.url.replace(/\/docs$/, '');
    seed = await (await fetch(`${appUrl}/lab/checksum`)).json();
  });
  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  const resetAndWait = async () => {
    const response = await client.call('POST', `sandboxes/${sandbox.id}/reset`, { token: student });
    expect(response.status).toBe(202);
    const reset = (await response.json()) as ResetView;
    const after = await client.waitForSandbox(
      student,
      sandbox.id,
      (s) =>
        s.state === 'ready' &&
        (s as typeof sandbox).lastReset?.id === reset.id &&
        (s as typeof sandbox).lastReset?.state !== 'pending',
    );
    return (after as typeof sandbox).lastReset!;
  };

  it('restores the seed in place: same containers, checksums equal, method restore', async () => {
    const containers = (await lab.runtime.inspect(sandbox.id))!.services.map((s) => s.containerId);
    const patched = await fetch(`${appUrl}/products/7`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ priceCents: 1 }),
    });
    expect(patched.status).toBe(200);
    expect(await (await fetch(`${appUrl}/lab/checksum`)).json()).not.toEqual(seed);

    const reset = await resetAndWait();
    expect(reset).toMatchObject({ state: 'done', method: 'restore' });
    expect(reset.detail).toBeUndefined();
    expect(await (await fetch(`${appUrl}/lab/checksum`)).json()).toEqual(seed);
    expect((await lab.runtime.inspect(sandbox.id))!.services.map((s) => s.containerId)).toEqual(containers);
  });

  it('is refused to another student (404) and idempotent while one is under way', async () => {
    const other = await client.issueToken(ADMIN_TOKEN, 'sam');
    expect((await client.call('POST', `sandboxes/${sandbox.id}/reset`, { token: other })).status).toBe(404);
    const [first, second] = await Promise.all([
      expectData(client.as(student).POST('/api/sandboxes/{id}/reset', { params: { path: { id: sandbox.id } } })),
      expectData(client.as(student).POST('/api/sandboxes/{id}/reset', { params: { path: { id: sandbox.id } } })),
    ]);
    // Sent together, both land while the first is under way: one reset, named by both answers.
    expect(second.id).toBe(first.id);
    const done = await client.waitForSandbox(student, sandbox.id, isResetDone);
    expect((done as typeof sandbox).lastReset).toMatchObject({ id: first.id, state: 'done' });
  });

  it('recreates the containers when the seed restore fails, and says so', async () => {
    // The app's container stops answering: its reset entry point cannot be reached.
    const app = (await lab.runtime.inspect(sandbox.id))!.services.find((s) => s.name === 'app')!;
    await lab.docker.raw.getContainer(app.containerId).pause();
    const reset = await resetAndWait();
    expect(reset).toMatchObject({ state: 'done', method: 'recreate' });
    expect(reset.detail).toMatch(/seed restore failed.*recreated/);
    const after = await expectData(
      client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } }),
    );
    expect(after.state).toBe('ready');
    const newAppUrl = after.app!.url.replace(/\/docs$/, '');
    expect(await (await fetch(`${newAppUrl}/lab/checksum`)).json()).toEqual(seed);
    expect((await lab.runtime.inspect(sandbox.id))!.services.find((s) => s.name === 'app')!.containerId).not.toBe(
      app.containerId,
    );
  });
});
