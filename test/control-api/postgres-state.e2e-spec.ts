import { expectData } from '@lab/api-client';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';
import { closeInstallation, startStateDatabase } from './support/state-database';

// DATABASE_URL set: the same migrations, tokens and sandboxes on PostgreSQL instead of SQLite.
describe('control API: state on PostgreSQL (DATABASE_URL)', () => {
  const lab = createTestLab();
  let databaseUrl: string;
  let api: ControlApi | undefined;

  beforeAll(async () => {
    databaseUrl = await startStateDatabase(lab);
  });
  afterAll(async () => {
    await closeInstallation(lab, [api]);
    await lab.reap();
  });

  it('migrates, issues tokens, runs a sandbox and keeps it across a restart', async () => {
    const config = { databaseUrl, examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 1_000 };
    api = await startControlApi({ config });
    let client = new ApiClient(api.base);
    expect(await (await fetch(`${api.base}/health`)).json()).toMatchObject({
      database: { status: 'up', kind: 'postgres' },
    });
    const student = await client.issueToken(ADMIN_TOKEN, 'pat');
    const launched = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    const ready = await client.waitForSandbox(student, launched.id, (s) => s.state === 'ready');
    const instance = api.app.get<LabInstance>(LAB_INSTANCE).id;

    await api.close();
    api = await startControlApi({ config });
    client = new ApiClient(api.base);
    expect(api.app.get<LabInstance>(LAB_INSTANCE).id).toBe(instance);
    const again = await expectData(
      client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id: launched.id } } }),
    );
    expect(again).toMatchObject({ state: 'ready', services: ready.services });
    expect((await client.call('DELETE', `sandboxes/${launched.id}`, { token: student })).status).toBe(202);
    await client.waitForSandbox(student, launched.id, (s) => s.state === 'deleted');
  });
});
