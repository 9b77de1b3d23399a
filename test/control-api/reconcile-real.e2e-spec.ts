import { expectData } from '@lab/api-client';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { Reconciler } from '../../apps/control-api/src/sandboxes/reconcile/reconciler.service';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

// README, Reconcile: "shortly after every engine event … one pass … marks sandboxes whose
// containers died … failed [with a short, secret-free reason] … removes … orphans". On real
// containers, with the periodic sweep set to an hour so that only engine events can start a pass.
describe('control API: reconcile on real objects', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let instance: string;
  const orphan = lab.sandboxId('orphan');

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 3_600_000 },
    });
    client = new ApiClient(api.base);
    instance = api.app.get<LabInstance>(LAB_INSTANCE).id;
  });
  afterAll(async () => {
    try {
      await api?.close();
    } finally {
      for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
      await lab.runtime.destroy(orphan);
      await lab.reap();
    }
  });

  it('marks a sandbox whose container was killed failed, with a short reason and no secret, after the event', async () => {
    const student = await client.issueToken(ADMIN_TOKEN, 'kim');
    const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    const ready = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready');
    const password = ready.services[0]!.password!;
    const passesBefore = api.app.get(Reconciler).completedPasses();
    const [container] = (await lab.runtime.inspect(created.id))!.services;

    await lab.docker.raw.getContainer(container!.containerId).kill(); // SIGKILL: the engine reports `die`

    const failed = await client.waitForSandbox(student, created.id, (s) => s.state === 'failed', 30_000);
    expect(api.app.get(Reconciler).completedPasses()).toBeGreaterThan(passesBefore); // an event started it
    expect(failed.reason).toBe('postgres is exited');
    expect(failed.reason).not.toContain(password);
  });

  it('removes an orphan of its own installation (labelled, but no row asked for it)', async () => {
    const { spec } = postgresRedisSpec();
    const redisOnly = { ...spec, services: spec.services.filter((s) => s.name === 'redis') };
    // The engine events of this provisioning start a pass that may remove it before it finishes.
    await lab.runtime
      .provision(orphan, redisOnly, { labels: { ...lab.labels, 'lab.instance': instance } })
      .catch(() => undefined);
    await api.app.get(Reconciler).requestPass();
    let left = { containers: -1, networks: -1, volumes: -1 };
    await waitFor(
      () => left.containers + left.networks + left.volumes === 0,
      30_000,
      async () => {
        left = await lab.leftovers(orphan);
      },
    );
    expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
