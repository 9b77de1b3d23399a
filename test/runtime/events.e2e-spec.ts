import { SandboxEvent } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

/** The reconciler listens to these: a managed sandbox's lifecycle as the engine reports it. */
describe('runtime: engine events', () => {
  const lab = createTestLab();
  afterAll(() => lab.reap());

  it('reports create, start, die and destroy of a sandbox container, and ends when aborted', async () => {
    const id = lab.sandboxId('events');
    const controller = new AbortController();
    const seen: SandboxEvent[] = [];
    const listening = (async () => {
      for await (const event of lab.runtime.events({ signal: controller.signal })) {
        if (event.sandboxId === id) seen.push(event);
      }
    })();

    try {
      const { spec } = postgresRedisSpec();
      await lab.runtime.provision(id, { ...spec, services: [spec.services[1]!] }, { labels: lab.labels });
      await lab.runtime.destroy(id);
      await waitFor(() => seen.some((e) => e.action === 'destroy'), 10_000);
    } finally {
      // Always close the stream: an open one would keep jest alive after the test.
      controller.abort();
      await listening;
    }

    const summary = seen.map((e) => `${e.object}:${e.action}${e.service ? `:${e.service}` : ''}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'container:create:redis',
        'container:start:redis',
        'container:die:redis',
        'container:destroy:redis',
      ]),
    );
  });
});
