import { LABEL } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { createTestLab } from '../support/lab-runtime';

/**
 * A service marked `startOnFirstUse` (the examples' terminal toolbox) is created with its sandbox
 * but costs the launch no start: the first exec or shell in it starts it, on the real engine.
 */
describe('runtime: a service started on first use', () => {
  const lab = createTestLab();
  const id = lab.sandboxId('firstuse');
  const { spec } = postgresRedisSpec();
  const withToolbox = {
    ...spec,
    services: [
      ...spec.services,
      { name: 'toolbox', image: 'toolbox', startOnFirstUse: true, limits: { cpus: 0.5, memoryMb: 128, pids: 64 } },
    ],
  };

  beforeAll(() => lab.runtime.provision(id, withToolbox, { labels: lab.labels }));
  afterAll(() => lab.reap());

  const toolbox = async () => (await lab.runtime.inspect(id))!.services.find((s) => s.name === 'toolbox')!;

  it('is created, labelled, and not started when the sandbox is ready', async () => {
    expect(await toolbox()).toMatchObject({ state: 'created', startsOnFirstUse: true });
    const info = await lab.docker.inspectContainer((await toolbox()).containerId);
    expect(info!.Config.Labels![LABEL.startOnFirstUse]).toBe('true');
    expect(info!.State.StartedAt).toBe('0001-01-01T00:00:00Z');
  });

  it('starts on the first exec, which runs in it and reaches the sandbox’s PostgreSQL by name', async () => {
    const result = await lab.runtime.exec(id, 'toolbox', ['pg_isready', '-h', 'postgres', '-t', '10']);
    expect(result).toMatchObject({ exitCode: 0 });
    expect(result.stdout).toMatch(/accepting connections/);
    expect(await toolbox()).toMatchObject({ state: 'running' });
  });

  it('is simply used by the next exec (already running)', async () => {
    expect(await lab.runtime.exec(id, 'toolbox', ['true'])).toMatchObject({ exitCode: 0 });
  });
});
