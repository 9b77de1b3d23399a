import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../apps/control-api/src/database/database-options';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

interface CreatedToken {
  id: string;
  name: string;
  role: string;
  token: string;
}

describe('control API: access tokens (SQLite through TypeORM)', () => {
  let dataDir: string;
  let api: ControlApi;
  let student: CreatedToken;
  /** Logs of the apps closed earlier in the suite (restart test). */
  const earlierLogs: string[] = [];

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${api.base}/api/${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lab-tokens-'));
    api = await startControlApi({ config: { dataDir } });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the admin issue a student token, shown once', async () => {
    const response = await call('POST', 'tokens', ADMIN_TOKEN, { name: 'alice', role: 'student' });
    expect(response.status).toBe(201);
    student = (await response.json()) as CreatedToken;
    expect(student).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'alice',
      role: 'student',
      token: expect.stringMatching(/^lab_[A-Za-z0-9_-]{43}$/),
    });
    expect(existsSync(join(dataDir, 'lab.sqlite'))).toBe(true);
  });

  it('lists tokens without their value or hash', async () => {
    const response = await call('GET', 'tokens', ADMIN_TOKEN);
    expect(response.status).toBe(200);
    const list = (await response.json()) as Record<string, unknown>[];
    expect(list).toEqual([
      {
        id: student.id,
        name: 'alice',
        role: 'student',
        createdAt: expect.any(String),
        revokedAt: null,
        expiresAt: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(student.token);
  });

  it('authenticates the student token as a student (403 on an admin route, not 401)', async () => {
    const response = await call('GET', 'tokens', student.token);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ detail: expect.stringContaining('your role is student') });
  });

  it('answers 401 without a token and for an unknown one', async () => {
    expect((await call('GET', 'tokens')).status).toBe(401);
    expect((await call('POST', 'tokens', undefined, { name: 'x', role: 'student' })).status).toBe(401);
    expect((await call('GET', 'tokens', `lab_${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('rejects unknown fields and bad roles with 400 problem+json', async () => {
    const extra = await call('POST', 'tokens', ADMIN_TOKEN, { name: 'bob', role: 'student', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await extra.json()).toMatchObject({
      type: 'urn:backend-lab:problem:validation-failed',
      errors: [{ path: 'admin', message: expect.any(String) }],
    });
    const admin = await call('POST', 'tokens', ADMIN_TOKEN, { name: 'bob', role: 'admin' });
    expect(admin.status).toBe(400);
    expect(await admin.json()).toMatchObject({ errors: [{ path: 'role' }] });
    expect((await call('POST', 'tokens', ADMIN_TOKEN, { role: 'leader' })).status).toBe(400);
  });

  it('keeps tokens across a restart on the same data folder (migrations run once)', async () => {
    earlierLogs.push(api.logs.text());
    await api.close();
    api = await startControlApi({ config: { dataDir } });
    const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // Each migration ran exactly once, in order, over two starts.
      expect(db.prepare('SELECT name FROM migrations ORDER BY id').all()).toEqual(
        MIGRATIONS.map((migration) => ({ name: migration.name })),
      );
    } finally {
      db.close();
    }
    const response = await call('GET', 'tokens', student.token);
    expect(response.status).toBe(403);
    const list = (await (await call('GET', 'tokens', ADMIN_TOKEN)).json()) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('revokes a token: 204, then 401 for it; an unknown id is 404', async () => {
    const leader = (await (
      await call('POST', 'tokens', ADMIN_TOKEN, { name: 'lead', role: 'leader' })
    ).json()) as CreatedToken;
    expect((await call('DELETE', `tokens/${student.id}`, leader.token)).status).toBe(403);
    expect((await call('DELETE', `tokens/${student.id}`, ADMIN_TOKEN)).status).toBe(204);
    expect((await call('DELETE', `tokens/${student.id}`, ADMIN_TOKEN)).status).toBe(204);
    const revoked = await call('GET', 'tokens', student.token);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await call('GET', 'tokens', leader.token)).status).toBe(403);
    expect((await call('DELETE', `tokens/${crypto.randomUUID()}`, ADMIN_TOKEN)).status).toBe(404);
    expect((await call('DELETE', 'tokens/not-a-uuid', ADMIN_TOKEN)).status).toBe(400);
    const list = (await (await call('GET', 'tokens', ADMIN_TOKEN)).json()) as { id: string; revokedAt: string }[];
    expect(list.find((t) => t.id === student.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('never logs a token value', () => {
    const logs = [...earlierLogs, api.logs.text()].join('');
    expect(logs).toContain('issued student token');
    expect(logs).toContain('issued leader token');
    expect(logs).not.toContain(student.token);
    expect(logs).not.toContain(ADMIN_TOKEN);
    expect(logs).not.toMatch(/lab_[A-Za-z0-9_-]{43}/);
  });
});
