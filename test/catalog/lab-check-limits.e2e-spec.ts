import { applyLabAction, DEFAULT_LAB_CHECK_LIMITS, runLabCheck, type LabCheck, type LabTarget } from '@lab/catalog';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestLab } from '../support/lab-runtime';
import { MiB, peakRssGrowth } from '../support/peak-rss';

/**
 * A check runs in the control API with the student's data: it must not be able to exhaust the
 * API's memory or hold it up. Real PostgreSQL and Redis in a sandbox; a real HTTP server.
 */
describe('lab checks are bounded: rows, bytes and time', () => {
  const lab = createTestLab();
  let target: LabTarget;
  let server: Server;

  beforeAll(async () => {
    const { spec, pgPassword, redisPassword } = postgresRedisSpec();
    const sandbox = await lab.runtime.provision(lab.sandboxId('check-limits'), spec, { labels: lab.labels });
    const pg = sandbox.services.find((s) => s.name === 'postgres')!;
    const redis = sandbox.services.find((s) => s.name === 'redis')!;

    // The student's app: an endless body, a body declared huge, and a small JSON answer.
    server = createServer((request, response) => {
      if (request.url === '/endless') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      if (request.url === '/declared-huge') {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(4 * 1024 * MiB) });
        response.write('x');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    target = {
      appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      connections: {
        postgres: `postgresql://lab:${pgPassword}@${pg.host}:${pg.ports[5432]}/lab`,
        redis: `redis://:${redisPassword}@${redis.host}:${redis.ports[6379]}`,
      },
    };
    // What a student could do in psql: a view of about 5 GB, and a counter a check might bump.
    for (const sql of [
      `CREATE VIEW huge AS SELECT repeat('x', 1000000) AS blob FROM generate_series(1, 5000)`,
      `CREATE TABLE books (id int PRIMARY KEY, title text NOT NULL)`,
      `INSERT INTO books VALUES (1, 'Dune'), (2, 'Emma')`,
      `CREATE SEQUENCE visits`,
    ]) {
      await applyLabAction({ sql: { service: 'postgres', sql } }, target);
    }
  });

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await lab.reap();
  });

  const sqlCheck = (sql: string, rows: Record<string, unknown>[] = []): LabCheck => ({
    sql: { service: 'postgres', sql, expect: { rows } },
  });

  it('passes an ordinary check (read through the cursor, trailing semicolon and all)', async () => {
    const result = await runLabCheck(
      sqlCheck('SELECT id, title FROM books ORDER BY id;', [
        { id: 1, title: 'Dune' },
        { id: 2, title: 'Emma' },
      ]),
      target,
    );
    expect(result).toEqual({ passed: true, detail: 'the query returned the expected 2 row(s)' });
  });

  it('fails a view returning gigabytes with "result too large", and the caller grows by less than 50 MiB', async () => {
    // Warm up the driver's code paths so the measurement sees the big answer, not module loading.
    await runLabCheck(sqlCheck('SELECT 1 AS one', [{ one: 1 }]), target);

    const { result, growth, ms } = await peakRssGrowth(() => runLabCheck(sqlCheck('SELECT blob FROM huge'), target));
    console.log(`huge view: failed after ${Math.round(ms)} ms, peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);

    expect(result).toEqual({ passed: false, detail: expect.stringContaining('result too large') });
    expect(growth).toBeLessThan(50 * MiB);
  });

  it('fails a query returning more rows than the cap, without reading them all', async () => {
    // 16 million rows that PostgreSQL streams: a function scan materialises its whole result first,
    // so one generate_series of 10 million took over 10 s on a busy machine before the first row;
    // a join of two small ones yields rows as soon as the cursor asks.
    const result = await runLabCheck(
      sqlCheck('SELECT a.g FROM generate_series(1, 4000) AS a(g), generate_series(1, 4000) AS b(g)'),
      target,
    );
    expect(result).toEqual({
      passed: false,
      detail: `the check failed: result too large: more than ${DEFAULT_LAB_CHECK_LIMITS.maxRows} rows`,
    });
  });

  it('fails a query that sleeps past the statement timeout with a timeout message', async () => {
    const limits = { ...DEFAULT_LAB_CHECK_LIMITS, timeoutMs: 1_000 };
    const result = await runLabCheck(sqlCheck('SELECT pg_sleep(30)'), target, limits);
    expect(result).toEqual({ passed: false, detail: 'the check failed: timed out: the check took longer than 1 s' });
  });

  it('runs a check read-only: a check cannot change the data it reads', async () => {
    const result = await runLabCheck(sqlCheck("SELECT nextval('visits') AS n", [{ n: '1' }]), target);
    expect(result).toEqual({ passed: false, detail: expect.stringContaining('read-only transaction') });
  });

  it('fails a Redis check whose reply is a 32 MiB value, and the caller grows by less than 50 MiB', async () => {
    await applyLabAction(
      { redis: { service: 'redis', command: ['SETRANGE', 'big', String(32 * MiB - 1), 'x'] } },
      target,
    );
    const check: LabCheck = { redis: { service: 'redis', command: ['GET', 'big'], expect: { reply: 'x' } } };

    const { result, growth } = await peakRssGrowth(() => runLabCheck(check, target));

    expect(result).toEqual({ passed: false, detail: 'the check failed: result too large: a reply of more than 1 MiB' });
    expect(growth).toBeLessThan(50 * MiB);
  });

  it('fails an HTTP check whose body never ends, and one whose declared length is past the cap', async () => {
    const get = (path: string): LabCheck => ({ http: { method: 'GET', path, expect: {} } });
    const results = [
      await runLabCheck(get('/endless'), target),
      await runLabCheck(get('/declared-huge'), target),
      await runLabCheck(get('/small'), target),
    ];
    expect(results).toEqual([
      { passed: false, detail: 'the check failed: result too large: a body of more than 1 MiB' },
      { passed: false, detail: 'the check failed: result too large: a body of 4096 MiB, more than 1 MiB' },
      { passed: true, detail: 'GET /small answered 200 as expected' },
    ]);
  });
});
