import { SandboxEvent } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { createTestLab, describeEachRuntime } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

/** The reconciler listens to these: a managed sandbox's lifecycle as the engine reports it. */

/** Pushes the events of one sandbox onto `seen` until the stream ends. */
async function collectEvents(events: AsyncIterable<SandboxEvent>, sandboxId: string, seen: SandboxEvent[]) {
  for await (const event of events) {
    if (event.sandboxId === sandboxId) seen.push(event);
  }
}

/** `object:action[:service]`, e.g. `container:start:redis`. */
const eventSummary = (e: SandboxEvent) => `${e.object}:${e.action}${e.service ? `:${e.service}` : ''}`;

describeEachRuntime('runtime: engine events', (kind) => {
  const lab = createTestLab(kind);
  afterAll(() => lab.reap());

  it('reports create, start, die and destroy of a sandbox container, and ends when aborted', async () => {
    const id = lab.sandboxId('events');
    const controller = new AbortController();
    const seen: SandboxEvent[] = [];
    const listening = collectEvents(lab.runtime.events({ signal: controller.signal }), id, seen);

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

    const summary = seen.map(eventSummary);
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
