import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient, readServerSentEvents } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { LabUser } from '../cli/support/run-lab';
import { createTestLab } from '../support/lab-runtime';

/**
 * POST /api/comparisons on a real `compare` sandbox (PostgreSQL, MariaDB, Redis): 202, progress over
 * SSE, one running per user, the stored result per engine × operation, the three reports, the owner
 * only, DELETE; and bad requests as problems with paths.
 */
describe('comparisons API on a compare sandbox', () => {
  const lab = createTestLab();
  const examplesDir = mkdtempSync(join(tmpdir(), 'lab-compare-examples-'));
  symlinkSync(resolve('examples/compare'), join(examplesDir, 'compare'));
  let api: ControlApi;
  let ann: string;
  let bob: string;
  let sandboxId: string;

  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  /** Starts a short comparison, notes the status, and deletes it again if one was made. */
  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir, compare: { maxRunning: 2, maxDurationSeconds: 30, maxRate: 500 } },
    });
    const client = new ApiClient(api.base);
    ann = await client.issueToken(ADMIN_TOKEN, 'ann');
    bob = await client.issueToken(ADMIN_TOKEN, 'bob');
    const launched = (await (await call(ann, 'POST', '/api/sandboxes', { example: 'compare' })).json()) as {
      id: string;
    };
    sandboxId = launched.id;
    await client.waitForSandbox(ann, sandboxId, (s) => s.state === 'ready', 300_000);
  }, 360_000);

  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
    rmSync(examplesDir, { recursive: true, force: true });
    LabUser.removeAll();
  });

  it('refuses an invalid workload, an unknown one, a missing engine and too much, as problems with paths', async () => {
    const invalid = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: { name: 'x', seed: { seed: 1, size: 1 }, mix: 'Z', rate: -1, durationSeconds: 1 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(((await invalid.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'workload.mix',
      'workload.rate',
    ]);
    const unknown = await call(ann, 'POST', '/api/comparisons', { sandbox: sandboxId, workload: 'ycsb-z' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toContain('ycsb-a, ycsb-b, ycsb-c, ycsb-f');
    const mongo = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-c',
      engines: ['mongodb'],
    });
    expect(mongo.status).toBe(400);
    const tooFast = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-c',
      rate: 100_000,
    });
    expect(((await tooFast.json()) as { errors: { path: string }[] }).errors).toEqual([
      expect.objectContaining({ path: 'rate' }),
    ]);
    const notYours = await call(bob, 'POST', '/api/comparisons', { sandbox: sandboxId, workload: 'ycsb-c' });
    expect(notYours.status).toBe(404);
  });

  it("lists the example's workloads with their operations, keys and defaults", async () => {
    const response = await call(ann, 'GET', '/api/comparisons/workloads');
    expect(response.status).toBe(200);
    const workloads = (await response.json()) as { example: string; name: string }[];
    expect(workloads.map((w) => `${w.example}/${w.name}`)).toEqual(
      ['bookstore', 'ycsb-a', 'ycsb-b', 'ycsb-c', 'ycsb-f'].map((name) => `compare/${name}`),
    );
    expect(workloads.find((w) => w.name === 'ycsb-b')).toEqual({
      example: 'compare',
      name: 'ycsb-b',
      description: expect.stringContaining('YCSB B') as string,
      mix: 'B',
      operations: [
        { name: 'point-read', weight: 95 },
        { name: 'price-change', weight: 5 },
      ],
      keys: { distribution: 'zipfian', theta: 0.99 },
      rate: expect.any(Number) as number,
      durationSeconds: expect.any(Number) as number,
      warmupSeconds: expect.any(Number) as number,
      concurrency: expect.any(Number) as number,
      repetitions: expect.any(Number) as number,
    });
    expect((await fetch(`${api.base}/api/comparisons/workloads`)).status).toBe(401);
  });

  it('connects the student to PostgreSQL as a role that is no superuser, yet owns the database', async () => {
    const sandbox = (await (await call(ann, 'GET', `/api/sandboxes/${sandboxId}`)).json()) as {
      services: { engine: string; url: string }[];
    };
    const client = new Client({ connectionString: sandbox.services.find((s) => s.engine === 'postgresql')!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ user: string; rolsuper: boolean; owner: string }>(
        `SELECT current_user AS user, r.rolsuper, pg_get_userbyid(d.datdba) AS owner
         FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
      );
      expect(rows).toEqual([{ user: 'student', rolsuper: false, owner: 'student' }]);
    } finally {
      await client.end();
    }
  });

  it('runs a workload: 202, one at a time, progress over SSE, results per engine × operation and reports', async () => {
    const started = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-b',
      engines: ['redis', 'postgresql', 'mariadb'],
      rate: 50,
      durationSeconds: 1,
    });
    expect(started.status).toBe(202);
    const comparison = (await started.json()) as { id: string; state: string; engines: string[] };
    expect(comparison).toMatchObject({ state: 'running', engines: ['redis', 'postgresql', 'mariadb'] });

    const second = await call(ann, 'POST', '/api/comparisons', { sandbox: sandboxId, workload: 'ycsb-c' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call(bob, 'GET', `/api/comparisons/${comparison.id}`)).status).toBe(404);

    const stream = await readServerSentEvents(
      `${api.base}/api/comparisons/${comparison.id}/events`,
      ann,
      (events) => events.some((e) => e.event === 'state'),
      180_000,
    );
    const running = stream.events
      .filter((e) => e.event === 'progress')
      .map((e) => JSON.parse(e.data) as { phase: string; engine?: string })
      .filter((p) => p.phase === 'running');
    expect([...new Set(running.map((p) => p.engine))]).toEqual(['redis', 'postgresql', 'mariadb']);
    expect(JSON.parse(stream.events.at(-1)!.data)).toEqual({ state: 'succeeded' });

    const done = (await (await call(ann, 'GET', `/api/comparisons/${comparison.id}`)).json()) as {
      state: string;
      results: {
        engine: string;
        operations: { operation: string; throughput: number; latency: { p99: number }; errors: number }[];
      }[];
    };
    expect(done.state).toBe('succeeded');
    expect(done.results.map((r) => [r.engine, r.operations.map((o) => o.operation)])).toEqual([
      ['redis', ['point-read', 'price-change']],
      ['postgresql', ['point-read', 'price-change']],
      ['mariadb', ['point-read', 'price-change']],
    ]);
    expect(done.results.flatMap((r) => r.operations.map((o) => o.errors))).toEqual([0, 0, 0, 0, 0, 0]);
    // Per operation, the statement and the console's plan: a PostgreSQL plan node, MariaDB's JSON plan,
    // Redis's note (it has no planner).
    const plans = (done as unknown as { results: { plans: { operation: string; plan?: unknown; note?: string }[] }[] })
      .results;
    expect(plans.map((r) => r.plans.map((p) => p.operation))).toEqual([
      ['point-read', 'price-change'],
      ['point-read', 'price-change'],
      ['point-read', 'price-change'],
    ]);
    expect(plans[0]!.plans.map((p) => p.note)).toEqual([
      expect.stringContaining('No query planner'),
      expect.stringContaining('No query planner'),
    ]);
    expect(plans[1]!.plans.map((p) => Object.keys((p.plan as object[])[0]!))).toEqual([
      expect.arrayContaining(['Plan']),
      expect.arrayContaining(['Plan']),
    ]);
    expect(plans[2]!.plans.map((p) => Object.keys(p.plan as object))).toEqual([['query_block'], ['query_block']]);
    const figures = done.results.flatMap((r) => r.operations.flatMap((o) => [o.throughput, o.latency.p99]));
    expect(Math.min(...figures)).toBeGreaterThan(0);

    const markdown = await call(ann, 'GET', `/api/comparisons/${comparison.id}/report.md`);
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    const markdownText = await markdown.text();
    expect(markdownText).toContain('| redis (hashes + sorted sets) | point-read |');
    expect(markdownText).toMatch(/## Query plans[\s\S]*\*\*postgresql\*\* \(tables\)[\s\S]*Scan on books/);
    const csv = (await (await call(ann, 'GET', `/api/comparisons/${comparison.id}/report.csv`)).text())
      .trim()
      .split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[0]).toMatch(/^engine,model,operation,throughput,/);
    const json = (await (await call(ann, 'GET', `/api/comparisons/${comparison.id}/report.json`)).json()) as {
      workload: { name: string; rate: number };
      engines: { plans: { operation: string }[] }[];
    };
    expect(json.workload).toMatchObject({ name: 'ycsb-b', rate: 50 });
    expect(json.engines.map((e) => e.plans.length)).toEqual([2, 2, 2]);

    expect((await call(ann, 'DELETE', `/api/comparisons/${comparison.id}`)).status).toBe(204);
    expect((await call(ann, 'GET', `/api/comparisons/${comparison.id}`)).status).toBe(404);
  });

  it('cancels a running comparison on DELETE and frees the slot', async () => {
    const started = (await (
      await call(ann, 'POST', '/api/comparisons', { sandbox: sandboxId, workload: 'ycsb-c', durationSeconds: 30 })
    ).json()) as { id: string };
    expect((await call(ann, 'DELETE', `/api/comparisons/${started.id}`)).status).toBe(204);
    const list = (await (await call(ann, 'GET', '/api/comparisons')).json()) as unknown[];
    expect(list).toEqual([]);
    // DELETE answers once the cancelled run has stopped, so its slot is free at once.
    const next = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-c',
      durationSeconds: 30,
    });
    expect(next.status).toBe(202);
    const nextId = ((await next.json()) as { id: string }).id;
    expect((await call(ann, 'DELETE', `/api/comparisons/${nextId}`)).status).toBe(204);
    const again = await call(ann, 'POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-c',
      durationSeconds: 1,
    });
    expect(again.status).toBe(202);
    expect((await call(ann, 'DELETE', `/api/comparisons/${((await again.json()) as { id: string }).id}`)).status).toBe(
      204,
    );
  });

  it('`lab compare run` follows a comparison to its table and `lab compare show --report csv` prints the report', async () => {
    const user = new LabUser();
    await user.run(['login', '--url', api.base], { input: `${ann}\n` });
    const run = await user.run([
      'compare',
      'run',
      sandboxId,
      'ycsb-c',
      '--engines',
      'redis,mariadb',
      '--rate',
      '20',
      '--duration',
      '1',
    ]);
    expect(run.stderr).toContain('succeeded');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ycsb-c on redis, mariadb at 20 op\/s, 1 s × 3: succeeded/);
    expect(run.stdout).toMatch(/redis\s+│?\s*point-read/);
    const id = /^([0-9a-f-]{36}):/.exec(run.stdout)![1]!;
    const csv = await user.run(['compare', 'show', id, '--report', 'csv']);
    expect(
      csv.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(',')[0]),
    ).toEqual(['engine', 'redis', 'mariadb']);
  });
});
