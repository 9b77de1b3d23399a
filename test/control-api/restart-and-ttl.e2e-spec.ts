import { expectData } from '@lab/api-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reconciler } from '../../apps/control-api/src/sandboxes/reconcile/reconciler.service';
import { SandboxLifecycle } from '../../apps/control-api/src/sandboxes/sandbox-lifecycle';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

const RECONCILE_MS = 2_000;
const config = (dataDir: string) => ({
  dataDir,
  examplesDir: 'test/fixtures/examples',
  reconcileIntervalMs: RECONCILE_MS,
});

/** Resolves once the app finished a full reconcile pass and what that pass started. */
async function oneFullPass(api: ControlApi): Promise<void> {
  const reconciler = api.app.get(Reconciler);
  const before = reconciler.completedPasses();
  await waitFor(() => reconciler.completedPasses() > before, 30_000);
  await api.app.get(SandboxLifecycle).settled();
}

// Restarts must neither orphan nor recreate running sandboxes, and TTLs hold across them.
describe('control API: restart and TTL', () => {
  const lab = createTestLab();
  const dataDirs = [mkdtempSync(join(tmpdir(), 'lab-restart-')), mkdtempSync(join(tmpdir(), 'lab-ttl-'))];
  const instances: string[] = [];
  let running: ControlApi | undefined; // stays up the whole test (data folder 0)
  let other: ControlApi | undefined; // stopped over the expiry (data folder 1)

  const launch = async (api: ControlApi, token: string, ttlMinutes: number) => {
    const client = new ApiClient(api.base);
    const created = await expectData(
      client.as(token).POST('/api/sandboxes', { body: { example: 'tiny-sql', ttlMinutes } }),
    );
    return client.waitForSandbox(token, created.id, (s) => s.state === 'ready');
  };
  const containerIds = async (id: string) =>
    ((await lab.runtime.inspect(id))?.services ?? []).map((s) => `${s.name}:${s.containerId}:${s.state}`);

  afterAll(async () => {
    await running?.close();
    await other?.close();
    for (const instance of instances) {
      for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
    }
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  let keeper: SandboxView;
  let expiresWhileUp: SandboxView;
  let expiresWhileDown: SandboxView;

  it('launches on two installations side by side', async () => {
    running = await startControlApi({ config: config(dataDirs[0]!) });
    other = await startControlApi({ config: config(dataDirs[1]!) });
    for (const api of [running, other]) instances.push(api.app.get<LabInstance>(LAB_INSTANCE).id);
    expect(instances[0]).not.toBe(instances[1]);
    [keeper, expiresWhileUp, expiresWhileDown] = await Promise.all([
      launch(running, ADMIN_TOKEN, 30),
      launch(running, ADMIN_TOKEN, 1),
      launch(other, ADMIN_TOKEN, 1),
    ]);
  });

  it('adopts running sandboxes after a restart: same containers, still ready', async () => {
    const before = await containerIds(keeper.id);
    expect(before).toEqual([expect.stringMatching(/^postgres:[0-9a-f]{64}:running$/)]);
    await running!.close();
    running = await startControlApi({ config: config(dataDirs[0]!) });
    expect(running.app.get<LabInstance>(LAB_INSTANCE).id).toBe(instances[0]);
    await oneFullPass(running);
    const after = await expectData(
      new ApiClient(running.base).as(ADMIN_TOKEN).GET('/api/sandboxes/{id}', { params: { path: { id: keeper.id } } }),
    );
    expect(after.state).toBe('ready');
    expect(await containerIds(keeper.id)).toEqual(before);
    // The other installation's sandbox was not taken for an orphan.
    expect(await containerIds(expiresWhileDown.id)).toHaveLength(1);
  });

  it('removes a sandbox once it expires, not before', async () => {
    await other!.close();
    other = undefined;
    const client = new ApiClient(running!.base);
    const expiry = new Date(expiresWhileUp.expiresAt).getTime();
    expect(expiry).toBeGreaterThan(Date.now());
    // Polled for, not slept on: how soon after the expiry a pass removes it is the bench's business.
    const gone = await client.waitForSandbox(
      ADMIN_TOKEN,
      expiresWhileUp.id,
      (s) => s.state === 'deleted',
      expiry - Date.now() + 10 * RECONCILE_MS + 30_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expiry);
    expect(gone).toMatchObject({ state: 'deleted', reason: 'expired' });
    expect(await lab.leftovers(expiresWhileUp.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(
      (await expectData(client.as(ADMIN_TOKEN).GET('/api/sandboxes/{id}', { params: { path: { id: keeper.id } } })))
        .state,
    ).toBe('ready');
  });

  it('removes, at the first pass after a restart, a sandbox that expired while the API was down', async () => {
    expect(Date.now()).toBeGreaterThan(new Date(expiresWhileDown.expiresAt).getTime());
    expect(await containerIds(expiresWhileDown.id)).toHaveLength(1); // nobody removed it meanwhile
    other = await startControlApi({ config: config(dataDirs[1]!) });
    await oneFullPass(other);
    const gone = await expectData(
      new ApiClient(other.base)
        .as(ADMIN_TOKEN)
        .GET('/api/sandboxes/{id}', { params: { path: { id: expiresWhileDown.id } } }),
    );
    expect(gone).toMatchObject({ state: 'deleted', reason: 'expired' });
    expect(await lab.leftovers(expiresWhileDown.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
