import { LAB_INSTANCE, type LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { SandboxesRepository } from '../../apps/control-api/src/sandboxes/sandboxes.repository';
import { ApiClient, readServerSentEvents, type SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, startControlApi, type ControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';

// The admin credentials of a sandbox (PostgreSQL's superuser, Redis's lab_admin) serve its app and
// its probes only: a student launching, reading, following, resetting and reading the logs of a
// real `caching` sandbox through the control API never receives them, while the student's own
// credentials are there (so the search below finds secrets when they are present).
describe('control API: a launched sandbox never shows its admin secrets', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  let sandbox: SandboxView;
  let secrets: Record<string, string>;
  const bodies: Record<string, string> = {};

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'examples' } });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'sam');
    const created = await client.call('POST', 'sandboxes', { token: student, body: { example: 'caching' } });
    bodies['POST /sandboxes'] = await created.text();
    const { id } = JSON.parse(bodies['POST /sandboxes']) as { id: string };
    sandbox = await client.waitForSandbox(student, id, (s) => s.state === 'ready');
    secrets = (await api.app.get(SandboxesRepository).findById(id))!.secrets;

    const read = async (path: string) => (await client.call('GET', path, { token: student })).text();
    bodies['GET /sandboxes/:id'] = await read(`sandboxes/${id}`);
    bodies['GET /sandboxes'] = await read('sandboxes');
    const events = await readServerSentEvents(`${api.base}/api/sandboxes/${id}/events`, student, (e) => e.length > 0);
    bodies['GET /sandboxes/:id/events'] = JSON.stringify(events.events);
    for (const service of ['postgres', 'redis', 'app']) {
      const logs = await readServerSentEvents(
        `${api.base}/api/sandboxes/${id}/logs?service=${service}&tail=5000`,
        student,
        () => false, // without follow, the stream ends by itself
      );
      bodies[`GET /sandboxes/:id/logs?service=${service}`] = JSON.stringify(logs.events);
    }
    const reset = await client.call('POST', `sandboxes/${id}/reset`, { token: student });
    bodies['POST /sandboxes/:id/reset'] = await reset.text();
    const afterReset = await client.waitForSandbox(
      student,
      id,
      (s) => s.state === 'ready' && (s as { lastReset?: { state?: string } }).lastReset?.state === 'done',
    );
    bodies['GET /sandboxes/:id after reset'] = JSON.stringify(afterReset);
  }, 300_000);

  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('shows the student’s credentials, as student, in the sandbox’s connections', () => {
    const byName = Object.fromEntries(sandbox.services.map((s) => [s.name, s]));
    expect(byName['postgres']).toMatchObject({ username: 'student', password: secrets['pg-password'] });
    expect(byName['redis']).toMatchObject({ username: 'student', password: secrets['redis-password'] });
    expect(bodies['GET /sandboxes/:id']).toContain(secrets['pg-password']);
    // The log streams were read, not empty answers.
    expect(bodies['GET /sandboxes/:id/logs?service=postgres']).toMatch(/ready to accept connections/);
    expect(bodies['GET /sandboxes/:id/logs?service=app']).toMatch(/stores ready/);
  });

  it('has admin secrets of its own, different from the student’s', () => {
    expect(secrets['pg-admin-password']).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(secrets['redis-admin-password']).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(secrets['pg-admin-password']).not.toBe(secrets['pg-password']);
  });

  it.each(['pg-admin-password', 'redis-admin-password'])('puts %s in no response', (name) => {
    const leaks = Object.entries(bodies)
      .filter(([, body]) => body.includes(secrets[name]!))
      .map(([route]) => route);
    expect({ responses: Object.keys(bodies).length, leaks }).toEqual({ responses: 9, leaks: [] });
  });

  it('puts no admin secret in the control API’s own log', () => {
    const log = api.logs.text();
    expect([log.includes(secrets['pg-admin-password']!), log.includes(secrets['redis-admin-password']!)]).toEqual([
      false,
      false,
    ]);
  });
});
