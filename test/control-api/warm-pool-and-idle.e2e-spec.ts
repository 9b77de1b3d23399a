import { expectData } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

// LAB_WARM_POOL=tiny-sql=2 and a short idle policy, on real Docker.
describe('control API: warm pool and idle culling', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let instance: string;

  const pooled = async () =>
    (await lab.runtime.list({ 'lab.instance': instance })).filter((s) => s.labels[LABEL.owner] === 'warm-pool');
  const readyPool = async (ids: string[]) => {
    const states = await Promise.all(
      ids.map(
        async (id) =>
          (await expectData(client.as(ADMIN_TOKEN).GET('/api/sandboxes/{id}', { params: { path: { id } } }))).state,
      ),
    );
    return states.filter((state) => state === 'ready').length;
  };
  /** The pooled sandboxes other than `except`, once exactly two of them are there and ready. */
  const readyPoolIds = async (except?: string): Promise<string[]> => {
    const ids = (await pooled()).map((s) => s.id).filter((id) => id !== except);
    return ids.length === 2 && (await readyPool(ids)) === 2 ? ids.sort() : [];
  };

  beforeAll(async () => {
    api = await startControlApi({
      config: {
        examplesDir: 'test/fixtures/examples',
        reconcileIntervalMs: 1_000,
        warmPool: { 'tiny-sql': 2 },
        idleMs: 6_000,
      },
    });
    client = new ApiClient(api.base);
    instance = api.app.get<LabInstance>(LAB_INSTANCE).id;
  });
  afterAll(async () => {
    await api?.close();
    for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
  });

  let poolIds: string[] = [];
  let claimed: SandboxView;
  let refilled: string[] = [];

  it('keeps two ready sandboxes waiting', async () => {
    await waitFor(
      () => poolIds.length === 2,
      60_000,
      async () => {
        poolIds = await readyPoolIds();
      },
    );
    expect(await readyPool(poolIds)).toBe(2);
  });

  it('serves a launch from the pool: ready at once, one of the pooled ids, labelled by the pool', async () => {
    const student = await client.issueToken(ADMIN_TOKEN, 'quick');
    const response = await client.call('POST', 'sandboxes', {
      token: student,
      body: { example: 'tiny-sql', ttlMinutes: 20 },
    });
    expect(response.status).toBe(202);
    claimed = (await response.json()) as SandboxView;
    expect(poolIds).toContain(claimed.id);
    expect(claimed.state).toBe('ready');
    expect(claimed.services[0]!.url).toMatch(/^postgresql:\/\//);
    expect(new Date(claimed.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(20 * 60_000);
    const [container] = await lab.docker.listContainers({ [LABEL.sandbox]: claimed.id });
    expect(container?.Labels[LABEL.owner]).toBe('warm-pool');
    // Now the student's: another student cannot see it.
    const other = await client.issueToken(ADMIN_TOKEN, 'other');
    expect((await client.call('GET', `sandboxes/${claimed.id}`, { token: other })).status).toBe(404);
    expect((await client.call('GET', `sandboxes/${claimed.id}`, { token: student })).status).toBe(200);
  });

  it('refills the pool in the background: the unclaimed one kept, one new', async () => {
    await waitFor(
      () => refilled.length === 2,
      60_000,
      async () => {
        refilled = await readyPoolIds(claimed.id);
      },
    );
    const kept = poolIds.filter((id) => id !== claimed.id);
    expect(kept).toHaveLength(1);
    const added = refilled.filter((id) => !poolIds.includes(id));
    expect(added).toHaveLength(1);
    expect(refilled).toEqual([...kept, ...added].sort());
  });

  it('removes the claimed sandbox once idle, never the waiting pooled ones', async () => {
    const gone = await client.waitForSandbox(ADMIN_TOKEN, claimed.id, (s) => s.state === 'deleted', 60_000);
    expect(gone.reason).toBe('idle for 6 s');
    expect(await lab.leftovers(claimed.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const waiting = (await pooled()).filter((s) => s.id !== claimed.id);
    expect(waiting.map((s) => s.id).sort()).toEqual(refilled); // the very same ones, not replacements
    expect(await readyPool(waiting.map((s) => s.id))).toBe(2);
  });
});
