import { expectData } from '@lab/api-client';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, readServerSentEvents, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

/** Two services, so that one dying leaves another one running: the case that must not hold anything. */
const PAIR_MANIFEST = `
name: pair
title: Pair
summary: A PostgreSQL and a Redis.
concepts: [sql]
secrets: [pg-password, redis-password]
services:
  - name: postgres
    image: postgres
    env:
      POSTGRES_USER: student
      POSTGRES_PASSWORD: '\${secret:pg-password}'
      POSTGRES_DB: shop
    ports: [5432]
    limits: { memoryMb: 256 }
    readiness:
      probes:
        - { kind: postgres, port: 5432, user: student, password: '\${secret:pg-password}', database: shop }
      intervalMs: 25
    connection: { engine: postgresql, port: 5432, username: student, password: '\${secret:pg-password}', database: shop }
  - name: redis
    image: redis
    command: [redis-server, --requirepass, '\${secret:redis-password}']
    ports: [6379]
    limits: { memoryMb: 64 }
    readiness:
      probes:
        - { kind: redis, port: 6379, password: '\${secret:redis-password}' }
    connection: { engine: redis, port: 6379, password: '\${secret:redis-password}' }
`;

/** Kept this long after failing in the test (LAB_FAILED_KEEP_MINUTES in minutes would be 60 000 ms at least). */
const KEEP_MS = 4_000;

// A failed sandbox holds nothing: its containers stop as it fails, and are removed after the keep time.
describe('control API: failed sandboxes', () => {
  const lab = createTestLab();
  const examplesDir = mkdtempSync(join(tmpdir(), 'lab-failed-'));
  let api: ControlApi;
  let client: ApiClient;

  beforeAll(async () => {
    mkdirSync(join(examplesDir, 'pair'));
    writeFileSync(join(examplesDir, 'pair', 'lab.yaml'), PAIR_MANIFEST);
    cpSync('test/fixtures/examples/tiny-sql', join(examplesDir, 'tiny-sql'), { recursive: true });
    api = await startControlApi({
      config: { examplesDir, reconcileIntervalMs: 1_000, failedKeepMs: KEEP_MS, quota: { perUser: 1, total: 10 } },
    });
    client = new ApiClient(api.base);
  });
  afterAll(async () => {
    const instance = api.app.get<LabInstance>(LAB_INSTANCE).id;
    await api.close();
    for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
    rmSync(examplesDir, { recursive: true, force: true });
  });

  let failed: SandboxView;

  it('stops the other containers of a sandbox as it fails: none is running once it says `failed`', async () => {
    const student = await client.issueToken(ADMIN_TOKEN, 'erin');
    const launched = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'pair' } }));
    await client.waitForSandbox(student, launched.id, (s) => s.state === 'ready');
    const before = await lab.runtime.inspect(launched.id);
    expect(before?.services.map((s) => `${s.name}:${s.state}`).sort()).toEqual(['postgres:running', 'redis:running']);

    // PostgreSQL dies; Redis would go on running.
    const postgres = before!.services.find((s) => s.name === 'postgres')!;
    await lab.docker.stopContainer(postgres.containerId, 0);
    failed = await client.waitForSandbox(student, launched.id, (s) => s.state === 'failed', 30_000);

    expect(failed.reason).toBe('postgres is exited');
    const after = await lab.runtime.inspect(launched.id);
    expect(after?.services.map((s) => `${s.name}:${s.state}`).sort()).toEqual(['postgres:exited', 'redis:exited']);

    // Holding nothing, it counts against no quota: a per-user quota of 1 lets a new launch through.
    const next = await client.call('POST', 'sandboxes', { token: student, body: { example: 'tiny-sql' } });
    expect(next.status).toBe(202);

    // Kept for its logs meanwhile.
    const logs = await readServerSentEvents(
      `${api.base}/api/sandboxes/${launched.id}/logs?service=redis`,
      student,
      () => false,
      10_000,
    );
    expect(logs.status).toBe(200);
    expect(logs.events.map((e) => e.data).join('\n')).toMatch(/Ready to accept connections/);
  });

  it('removes its containers after the keep time and stays `failed` with its reason', async () => {
    let leftovers = await lab.leftovers(failed.id);
    await waitFor(
      () => leftovers.containers + leftovers.networks + leftovers.volumes === 0,
      KEEP_MS + 30_000,
      async () => {
        leftovers = await lab.leftovers(failed.id);
      },
    );
    expect(leftovers).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const row = await expectData(
      client.as(ADMIN_TOKEN).GET('/api/sandboxes/{id}', { params: { path: { id: failed.id } } }),
    );
    expect(row).toMatchObject({ state: 'failed', reason: 'postgres is exited' });
  });
});
