import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestLab } from '../support/lab-runtime';
import { ControlApi, startControlApi } from './support/control-api';

// README: "GET /health — 200 when the Docker engine and the state database answer, 503 otherwise".
// The 200 is health.e2e-spec.ts; here each dependency is taken away for real, one at a time
// (never the shared engine itself: this API is pointed at a socket nobody serves).
describe('control API: /health answers 503 when a dependency is down', () => {
  const lab = createTestLab();
  const dir = mkdtempSync(join(tmpdir(), 'lab-health-'));
  let api: ControlApi | undefined;

  afterAll(async () => {
    try {
      await api?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await lab.reap();
    }
  });

  it('503, docker down (with a reason), when the engine does not answer', async () => {
    const dead = join(dir, 'docker.sock');
    api = await startControlApi({
      config: { docker: { ...lab.config.docker, socketPath: dead, callTimeoutMs: 2_000 } },
    });
    const response = await fetch(`${api.base}/health`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'degraded',
      docker: { status: 'down', detail: expect.stringContaining(dead) },
      database: { status: 'up', kind: 'sqlite' },
    });
    await api.close();
    api = undefined;
  });

  it('503, database down, when the PostgreSQL state stops answering', async () => {
    const password = 'health-test-password-0123';
    const { spec } = postgresRedisSpec({ pgPassword: password });
    const id = lab.sandboxId('health-db');
    const state = await lab.runtime.provision(
      id,
      { ...spec, services: spec.services.filter((s) => s.name === 'postgres') },
      { labels: lab.labels },
    );
    const postgres = state.services[0]!;
    const databaseUrl = `postgresql://lab:${password}@127.0.0.1:${postgres.ports[5432]}/lab`;
    api = await startControlApi({ config: { databaseUrl } });
    expect((await fetch(`${api.base}/health`)).status).toBe(200);

    await lab.docker.stopContainer(postgres.containerId, 1);
    const response = await fetch(`${api.base}/health`, { signal: AbortSignal.timeout(15_000) });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { database: { detail: string } };
    expect(body).toMatchObject({
      status: 'degraded',
      docker: { status: 'up' },
      database: { status: 'down', kind: 'postgres', detail: expect.any(String) },
    });
    expect(body.database.detail).not.toContain(password); // the reason never carries the URL's secret
  });
});
