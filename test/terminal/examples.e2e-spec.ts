import { expectData } from '@lab/api-client';
import { SandboxesRepository } from '../../apps/control-api/src/sandboxes/sandboxes.repository';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { openTerminal, TerminalClient } from './support/terminal-client';

/**
 * The terminal of the real examples (issue 11, item 3): the clients in the toolbox reach the
 * example's own stores as the student (the role the example's app creates), with no arguments.
 */
describe('terminal: the examples’ toolboxes', () => {
  const lab = createTestLab();
  const opened: TerminalClient[] = [];
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  const sandboxes: Record<string, SandboxView> = {};

  beforeAll(async () => {
    api = await startControlApi({ config: { reconcileIntervalMs: 5_000 } });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'terminal-student');
    for (const example of ['sql-vs-nosql', 'caching']) {
      const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example } }));
      sandboxes[example] = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready', 240_000);
    }
  }, 600_000);

  afterAll(async () => {
    for (const terminal of opened) terminal.ws.terminate();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  async function shellIn(example: string): Promise<TerminalClient> {
    const shell = await openTerminal(api.base, sandboxes[example]!.id, { token: student });
    opened.push(shell);
    return shell;
  }

  it('sql-vs-nosql: psql reaches the bookstore as the student', async () => {
    const shell = await shellIn('sql-vs-nosql');
    shell.type(`psql -tAc "select current_user || '@' || current_database()"; psql -c 'select 1'`);
    await expect(shell.waitForOutput(/student@bookstore/)).resolves.toBeTruthy();
  });

  it('caching: psql and redis-cli reach the shop and the cache as the student', async () => {
    const shell = await shellIn('caching');
    shell.type(
      `psql -tAc "select 'pg-' || current_user"; redis-cli ping; redis-cli client info | grep --color=never -o "user=[a-z_]*"`,
    );
    await expect(shell.waitForOutput(/pg-student\r\nPONG\r\nuser=student/)).resolves.toBeTruthy();
  });

  it('shows no admin secret in the terminal’s environment', async () => {
    const shell = await shellIn('caching');
    shell.type('env | sort | base64 -w0; echo " env-end"');
    const [, encoded] = (await shell.waitForOutput(/[\r\n]([A-Za-z0-9+/=]{40,}) env-end/)) as unknown as string[];
    const environment = Buffer.from(encoded!, 'base64').toString('utf8');
    const secrets = (await api.app.get(SandboxesRepository).findById(sandboxes['caching']!.id))!.secrets;
    expect({
      student: environment.includes(secrets['pg-password']!),
      pgAdmin: environment.includes(secrets['pg-admin-password']!),
      redisAdmin: environment.includes(secrets['redis-admin-password']!),
    }).toEqual({ student: true, pgAdmin: false, redisAdmin: false });
  });
});
