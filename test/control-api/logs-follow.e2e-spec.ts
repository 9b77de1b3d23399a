import { expectData } from '@lab/api-client';
import { Client } from 'pg';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, readServerSentEvents, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

const mentions = (text: string) => (events: { data: string }[]) => events.some((e) => e.data.includes(text));

/** A login as an unknown role: PostgreSQL writes a line that names it, now. */
async function failedLogin(serviceUrl: string, user: string): Promise<void> {
  const url = new URL(serviceUrl);
  const intruder = new Client({ host: url.hostname, port: Number(url.port), user, password: 'x', database: 'shop' });
  await intruder.connect().then(
    () => Promise.reject(new Error('an unknown role logged in')),
    () => undefined,
  );
  await intruder.end().catch(() => undefined);
}

// README: "GET /api/sandboxes/:id/logs?service=&follow=&tail= — SSE: a service's log lines". With
// follow=true the stream stays open and carries lines written after it was opened.
describe('control API: logs?follow=true', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  let sandbox: SandboxView;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'test/fixtures/examples' } });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'flo');
    const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    sandbox = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready');
  });
  afterAll(async () => {
    try {
      await client.call('DELETE', `sandboxes/${sandbox.id}`, { token: student });
      await client.waitForSandbox(student, sandbox.id, (s) => s.state === 'deleted');
      await api.close();
    } finally {
      await lab.reap();
    }
  });

  it('streams a line written after the stream was opened', async () => {
    const marker = `follow_marker_${Date.now()}`;
    const following = readServerSentEvents(
      `${api.base}/api/sandboxes/${sandbox.id}/logs?service=postgres&tail=1&follow=true`,
      student,
      mentions(marker),
      30_000,
    );
    let arrived = false;
    void following.then(() => (arrived = true));
    // Written while the stream is open (repeated until it shows up: opening it takes a moment).
    await waitFor(
      () => arrived,
      30_000,
      () => failedLogin(sandbox.services[0]!.url, marker),
    );
    const { status, events } = await following;
    expect(status).toBe(200);
    expect(events.map((e) => e.data).join('\n')).toContain(`user "${marker}"`);
  });
});
