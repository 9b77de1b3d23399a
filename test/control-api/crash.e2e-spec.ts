import { expectData } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ApiProcess, buildControlApi } from './support/api-process';

const LAUNCHES = 5;

/** Rows as the database has them (read-only; the API owns the file). */
function rows(dataDir: string): { id: string; state: string; desired: string; reason: string | null }[] {
  const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, state, desired, reason FROM sandboxes ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

function instanceId(dataDir: string): string {
  const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = 'instance-id'").get() as { value: string }).value;
  } finally {
    db.close();
  }
}

// Predicates of the states polled for (kept out of the test bodies, which do not branch).
/** `count` items, each matching. */
const all = <T>(items: T[], count: number, matches: (item: T) => boolean) =>
  items.length === count && items.every(matches);
const isSettled = (state: string) => state === 'ready' || state === 'failed';
const isReady = (seat: { state: string }) => seat.state === 'ready';
const isResetDone = (seat: { state: string; lastReset?: { state: string } }) =>
  seat.state === 'ready' && seat.lastReset?.state === 'done';

// The production bundle, built once for the crash tests of this file.
beforeAll(() => buildControlApi());

// kill -9 while five sandboxes provision; restart; one reconcile pass later the database and
// Docker agree, nothing is orphaned, and every interrupted launch is resumed to ready.
describe('control API: crash during provisioning (kill -9) and restart', () => {
  const lab = createTestLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-crash-'));
  const env = {
    LAB_DATA_DIR: dataDir,
    LAB_EXAMPLES_DIR: 'test/fixtures/examples',
    LAB_RECONCILE_SECONDS: '2',
    LAB_QUOTA_PER_USER: '10',
    LOG_LEVEL: 'info',
  };
  let api: ApiProcess | undefined;
  let adminToken: string;
  let instance: string;
  const ids: string[] = [];

  afterAll(async () => {
    await api?.stop();
    if (instance)
      for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a generated admin token once at first start (no LAB_ADMIN_TOKEN)', async () => {
    api = await ApiProcess.start(env);
    const printed = /LAB_ADMIN_TOKEN (lab_[A-Za-z0-9_-]+)/.exec(api.stderr);
    expect(printed).not.toBeNull();
    adminToken = printed![1]!;
    expect(api.stdout).not.toContain(adminToken); // the JSON log never has it
    const client = new ApiClient(api.base);
    expect((await client.call('GET', 'tokens', { token: adminToken })).status).toBe(200);
    instance = instanceId(dataDir);
  });

  it('is killed with -9 while five launches provision', async () => {
    const client = new ApiClient(api!.base);
    for (let i = 0; i < LAUNCHES; i += 1) {
      const created = await expectData(client.as(adminToken).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
      expect(created.state).toBe('provisioning');
      ids.push(created.id);
    }
    // Crash once the engine is part-way: some objects exist, not all sandboxes are ready.
    let objects = 0;
    await waitFor(
      () => objects > 0,
      30_000,
      async () => {
        objects = (await lab.docker.listNetworks({ 'lab.instance': instance })).length;
      },
    );
    expect(await api!.kill9()).toEqual({ code: null, signal: 'SIGKILL' });
    const atCrash = rows(dataDir);
    expect(atCrash.filter((row) => row.state === 'provisioning').length).toBeGreaterThan(0);
  });

  it('after the restart and one reconcile pass: every interrupted launch resumed to ready, no orphans', async () => {
    api = await ApiProcess.start(env);
    expect(api.stderr).not.toMatch(/LAB_ADMIN_TOKEN lab_/); // printed once, at the first start only
    const client = new ApiClient(api.base);
    let states: string[] = [];
    await waitFor(
      () => all(states, LAUNCHES, isSettled),
      120_000,
      async () => {
        // One listing per poll, twice a second: a poll per sandbox every 200 ms met the API's rate limit
        // (300 a minute) on a slow CI machine before the reconciler was done.
        const listed = await expectData(client.as(adminToken).GET('/api/sandboxes'));
        const stateOf = new Map(listed.map((sandbox) => [sandbox.id, sandbox.state]));
        states = ids.map((id) => String(stateOf.get(id)));
      },
      500,
    );
    const table = rows(dataDir);
    expect(table.map((row) => row.id)).toEqual([...ids].sort());
    // Resumed, not given up: a reconciler that marked the interrupted launches failed is red here.
    expect(table.map((row) => ({ id: row.id, state: row.state, reason: row.reason }))).toEqual(
      table.map((row) => ({ id: row.id, state: 'ready', reason: null })),
    );
    for (const row of table) {
      const status = await lab.runtime.inspect(row.id);
      // Ready in the database = running in Docker, one container per service.
      expect({ id: row.id, services: status!.services.map((s) => `${s.name}:${s.state}`) }).toEqual({
        id: row.id,
        services: ['postgres:running'],
      });
    }
    // Nothing labelled for this installation that no live row asked for.
    const wanted = new Set(table.filter((row) => row.desired === 'running').map((row) => row.id));
    const containers = await lab.docker.listContainers({ 'lab.instance': instance });
    const networks = await lab.docker.listNetworks({ 'lab.instance': instance });
    expect(containers.map((c) => c.Labels[LABEL.sandbox]!).filter((id) => !wanted.has(id))).toEqual([]);
    expect(networks.map((n) => n.labels[LABEL.sandbox]!).filter((id) => !wanted.has(id))).toEqual([]);
    // Every container name is the deterministic one: the retry adopted instead of duplicating.
    expect(containers).toHaveLength(table.filter((row) => row.state === 'ready').length);
  });

  it('shuts down gracefully on SIGTERM', async () => {
    // Shutdown hooks ran (the app closed its database and engine streams), then the signal was re-raised.
    expect(await api!.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(api!.stderr).not.toMatch(/Error|unhandled/i);
    api = undefined;
  });
});

// kill -9 during a workshop's bulk reset; after the restart every seat's reset completes exactly
// once (one finished row per seat for the batch) and every seat is back to its seed.
describe('control API: crash during a bulk reset (kill -9) and restart', () => {
  const SEATS = 4;
  const lab = createTestLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-reset-crash-'));
  const adminToken = `admin-${lab.runId}-0123456789abcdef`;
  const env = {
    LAB_DATA_DIR: dataDir,
    LAB_EXAMPLES_DIR: 'examples',
    LAB_RECONCILE_SECONDS: '2',
    LAB_PROVISION_CONCURRENCY: '2',
    LAB_ADMIN_TOKEN: adminToken,
  };
  let api: ApiProcess | undefined;
  let instance: string | undefined;

  afterAll(async () => {
    await api?.stop();
    if (instance)
      for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes the interrupted resets after the restart, each seat reset exactly once', async () => {
    api = await ApiProcess.start(env);
    instance = instanceId(dataDir);
    let client = new ApiClient(api.base);
    const leader = await client.issueToken(adminToken, 'lea', 'leader');
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await expectData(
      client.as(leader).POST('/api/workshops', { body: { example: 'sql-vs-nosql', seats: SEATS, endsAt } }),
    );
    let seats: { sandboxId: string; state: string; lastReset?: { state: string } }[] = [];
    await waitFor(
      () => all(seats, SEATS, isReady),
      300_000,
      async () => {
        seats = (
          await expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: created.id } } }))
        ).seats;
      },
      500, // well under the API's rate limit, however long the engine takes
    );
    const apps: { url: string; seed: unknown }[] = [];
    for (const seat of seats) {
      const sandbox = await expectData(
        client.as(leader).GET('/api/sandboxes/{id}', { params: { path: { id: seat.sandboxId } } }),
      );
      const url = sandbox.app!.url.replace(/\/docs$/, '');
      const seed = await (await fetch(`${url}/lab/checksum`)).json();
      const changed = await fetch(`${url}/sql/books/5/price`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ priceCents: 4242 }),
      });
      expect(changed.status).toBe(200);
      apps.push({ url, seed });
    }

    const { batchId } = await expectData(
      client.as(leader).POST('/api/workshops/{id}/reset', { params: { path: { id: created.id } }, body: {} }),
    );
    await api.kill9();
    const atCrash = resetRows(dataDir, batchId);
    expect(atCrash).toHaveLength(SEATS);
    // Two at a time: the crash came before every seat was done.
    expect(atCrash.filter((row) => row.state === 'pending').length).toBeGreaterThan(0);

    api = await ApiProcess.start(env);
    client = new ApiClient(api.base);
    await waitFor(
      () => seats.every(isResetDone),
      120_000,
      async () => {
        seats = (
          await expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: created.id } } }))
        ).seats;
      },
      500, // well under the API's rate limit, however long the engine takes
    );
    const rows = resetRows(dataDir, batchId);
    expect(rows.map((row) => row.state)).toEqual(Array(SEATS).fill('done'));
    expect(new Set(rows.map((row) => row.sandbox_id)).size).toBe(SEATS);
    for (const app of apps) expect(await (await fetch(`${app.url}/lab/checksum`)).json()).toEqual(app.seed);
  });
});

function resetRows(dataDir: string, batchId: string): { sandbox_id: string; state: string }[] {
  const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT sandbox_id, state FROM resets WHERE batch_id = ? ORDER BY sandbox_id')
      .all(batchId) as never;
  } finally {
    db.close();
  }
}
