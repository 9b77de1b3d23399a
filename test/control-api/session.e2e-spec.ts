import { expectData, LabSchemas } from '@lab/api-client';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxStreams } from '../../apps/control-api/src/sandboxes/sandbox-streams';
import { sqliteFile } from '../../apps/control-api/src/database/database-options';
import { hashToken } from '../../apps/control-api/src/tokens/token-secret';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, readServerSentEvents } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';
import { closeInstallation, startStateDatabase } from './support/state-database';

const PUBLIC_ORIGIN = 'https://lab.school.lan';

/** The `lab_session` cookie a response sets: its value and its attributes (lower case). */
interface SetSessionCookie {
  value: string;
  attributes: string[];
}

function sessionCookieSet(response: Response): SetSessionCookie | undefined {
  const line = response.headers.getSetCookie().find((header) => header.startsWith('lab_session='));
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return {
    value: decodeURIComponent(pair!.slice('lab_session='.length)),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

function expiryOf(cookie: SetSessionCookie | undefined): number {
  const expires = cookie?.attributes.find((attribute) => attribute.startsWith('expires='));
  return expires === undefined ? Number.NaN : Date.parse(expires.slice('expires='.length));
}

// Browser sign-in on the real API and its SQLite state: the HttpOnly session cookie, what it opens
// (GET routes, server-sent events), the Origin rule for changes, and everything that ends it at once
// (sign-out, revocation of its token). The workshop part runs real seats of the tiny-sql fixture.
describe('control API: browser sessions (cookie sign-in)', () => {
  const lab = createTestLab();
  let dataDir: string;
  let api: ControlApi;
  let client: ApiClient;
  let origin: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lab-session-'));
    api = await startControlApi({
      config: {
        dataDir,
        examplesDir: 'test/fixtures/examples',
        publicOrigin: PUBLIC_ORIGIN,
        // The suite signs in many times from one address; the rate limit is not what it is about.
        rateLimitPerMinute: 10_000,
      },
    });
    client = new ApiClient(api.base);
    origin = new URL(api.base).origin;
  });
  afterAll(async () => {
    // Closes the API and removes the sandboxes of its workshop seats.
    await closeInstallation(lab, [api]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (token: string, headers: Record<string, string> = {}) =>
    client.call('POST', 'session', { body: { token }, headers });
  /** Signs `token` in and returns the cookie header a browser would send from then on. */
  const browserFor = async (token: string): Promise<string> => {
    const response = await signIn(token);
    expect(response.status).toBe(200);
    return `lab_session=${sessionCookieSet(response)!.value}`;
  };
  const withCookie = (
    method: string,
    path: string,
    cookie: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) => client.call(method, path, { headers: { cookie, ...headers }, ...(body === undefined ? {} : { body }) });

  describe('signing in', () => {
    let student: LabSchemas['CreatedTokenDto'];
    let response: Response;
    let cookie: SetSessionCookie | undefined;

    beforeAll(async () => {
      student = await expectData(
        client.as(ADMIN_TOKEN).POST('/api/tokens', { body: { name: 'ada', role: 'student' } }),
      );
      response = await signIn(student.token);
      cookie = sessionCookieSet(response);
    });

    it('answers who signed in and sets an HttpOnly, SameSite=Strict cookie for the whole site', async () => {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        userId: student.id,
        role: 'student',
        name: 'ada',
        via: 'cookie',
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(cookie?.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    });

    it('leaves Secure off over plain http (the browser would drop the cookie)', () => {
      expect(cookie?.attributes).not.toContain('secure');
    });

    it('ignores X-Forwarded-Proto from a proxy LAB_TRUST_PROXY does not trust', async () => {
      const forwarded = sessionCookieSet(await signIn(student.token, { 'x-forwarded-proto': 'https' }));
      expect(forwarded?.attributes).not.toContain('secure');
    });

    it('keeps the cookie no longer than the session lasts on the server (LAB_SESSION_HOURS)', () => {
      const lifetime = expiryOf(cookie) - Date.now();
      expect(lifetime).toBeGreaterThan(11 * 3_600_000);
      expect(lifetime).toBeLessThanOrEqual(12 * 3_600_000);
    });

    it('puts a random session id in the cookie, never the token, and stores only hashes', () => {
      expect(cookie?.value).toMatch(/^lab_ses_[A-Za-z0-9_-]{43}$/);
      expect(cookie?.value).not.toContain(student.token);
      const database = new Database(sqliteFile(dataDir), { readonly: true });
      const rows = database.prepare('SELECT * FROM browser_sessions').all() as Record<string, string>[];
      database.close();
      const stored = JSON.stringify(rows);
      expect(rows.map((row) => row.secret_hash)).toContain(hashToken(cookie!.value));
      expect(stored).not.toContain(cookie!.value);
      expect(stored).not.toContain(student.token);
    });

    it('answers 401 problem+json for a token nobody issued, and sets no cookie', async () => {
      const refused = await signIn(`lab_${'A'.repeat(43)}`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await refused.json()).toMatchObject({
        status: 401,
        type: 'urn:backend-lab:problem:authentication-required',
        detail: 'The token is not valid: unknown, expired or revoked.',
      });
      expect(sessionCookieSet(refused)).toBeUndefined();
    });

    it('answers 400 for a sign-in without a token', async () => {
      const refused = await client.call('POST', 'session', { body: {} });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses a sign-in that another origin’s page sends (login CSRF)', async () => {
      const refused = await signIn(student.token, { origin: 'http://evil.example' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ type: 'urn:backend-lab:problem:foreign-origin' });
      expect(sessionCookieSet(refused)).toBeUndefined();
    });
  });

  describe('behind a trusted reverse proxy', () => {
    let proxied: ControlApi;

    beforeAll(async () => {
      proxied = await startControlApi({ config: { trustProxy: 'loopback', rateLimitPerMinute: 10_000 } });
    });
    afterAll(async () => {
      await proxied?.close();
    });

    const proxiedCall = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${proxied.base}/api/${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('sets Secure when the trusted proxy says the browser came over https', async () => {
      const response = await proxiedCall('POST', 'session', { 'x-forwarded-proto': 'https' }, { token: ADMIN_TOKEN });
      expect(response.status).toBe(200);
      expect(sessionCookieSet(response)?.attributes).toEqual(
        expect.arrayContaining(['secure', 'httponly', 'samesite=strict', 'path=/']),
      );
    });

    it('expects the https Origin the browser shows there', async () => {
      const response = await proxiedCall('POST', 'session', { 'x-forwarded-proto': 'https' }, { token: ADMIN_TOKEN });
      const cookie = `lab_session=${sessionCookieSet(response)!.value}`;
      const host = new URL(proxied.base).host;
      const create = (originHeader: string) =>
        proxiedCall(
          'POST',
          'tokens',
          { cookie, origin: originHeader, 'x-forwarded-proto': 'https' },
          { name: 'via-proxy', role: 'student' },
        );
      expect((await create(`http://${host}`)).status).toBe(403);
      expect((await create(`https://${host}`)).status).toBe(201);
    });
  });

  describe('what the cookie opens', () => {
    let admin: string;

    beforeAll(async () => {
      admin = await browserFor(ADMIN_TOKEN);
    });

    it('answers GET /api/session with who is signed in, by cookie or by bearer token', async () => {
      const byCookie = await withCookie('GET', 'session', admin);
      expect(byCookie.status).toBe(200);
      expect(await byCookie.json()).toEqual({
        userId: 'admin',
        role: 'admin',
        name: 'admin',
        via: 'cookie',
        expiresAt: expect.any(String),
      });
      const byBearer = await client.call('GET', 'session', { token: ADMIN_TOKEN });
      expect(await byBearer.json()).toEqual({
        userId: 'admin',
        role: 'admin',
        name: 'admin',
        via: 'bearer',
        expiresAt: null,
      });
    });

    it('answers GET /api/session with 401 problem+json when nobody is signed in', async () => {
      const response = await client.call('GET', 'session');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('authenticates GET routes by the cookie alone', async () => {
      const tokens = await withCookie('GET', 'tokens', admin);
      expect(tokens.status).toBe(200);
      expect(await tokens.json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ada' })]));
      expect((await withCookie('GET', 'sandboxes', admin)).status).toBe(200);
    });

    it('refuses a change made with the cookie and no Origin: 403 problem saying why, nothing done', async () => {
      const response = await withCookie('POST', 'tokens', admin, {}, { name: 'no-origin', role: 'student' });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        type: 'urn:backend-lab:problem:foreign-origin',
        detail: expect.stringContaining('must carry an Origin header'),
      });
      const names = (await expectData(client.as(ADMIN_TOKEN).GET('/api/tokens'))).map((token) => token.name);
      expect(names).not.toContain('no-origin');
    });

    it('refuses a change made with the cookie from a foreign Origin', async () => {
      const response = await withCookie(
        'POST',
        'tokens',
        admin,
        { origin: 'http://127.0.0.1:1' },
        { name: 'foreign', role: 'student' },
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ detail: expect.stringContaining('is not this API') });
    });

    it('accepts a change made with the cookie from the API’s own origin or LAB_PUBLIC_URL', async () => {
      const own = await withCookie('POST', 'tokens', admin, { origin }, { name: 'same-origin', role: 'student' });
      expect(own.status).toBe(201);
      const published = await withCookie(
        'POST',
        'tokens',
        admin,
        { origin: PUBLIC_ORIGIN },
        { name: 'public', role: 'student' },
      );
      expect(published.status).toBe(201);
    });

    it('still takes bearer tokens without any Origin', async () => {
      const response = await client.call('POST', 'tokens', {
        token: ADMIN_TOKEN,
        body: { name: 'cli', role: 'student' },
      });
      expect(response.status).toBe(201);
    });
  });

  describe('what ends a session at once', () => {
    it('signing out: 204, the cookie is cleared, and a copy of it no longer works', async () => {
      const cookie = await browserFor(ADMIN_TOKEN);
      const out = await withCookie('DELETE', 'session', cookie, { origin });
      expect(out.status).toBe(204);
      expect(expiryOf(sessionCookieSet(out))).toBeLessThan(Date.now());
      const after = await withCookie('GET', 'tokens', cookie);
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ detail: expect.stringContaining('session has ended') });
    });

    it('refuses a sign-out that another origin’s page sends with the cookie', async () => {
      const cookie = await browserFor(ADMIN_TOKEN);
      expect((await withCookie('DELETE', 'session', cookie, { origin: 'http://evil.example' })).status).toBe(403);
      expect((await withCookie('GET', 'session', cookie)).status).toBe(200);
    });

    it('revoking the token that signed in: the next request with the cookie is a 401', async () => {
      const student = await expectData(
        client.as(ADMIN_TOKEN).POST('/api/tokens', { body: { name: 'grace', role: 'student' } }),
      );
      const cookie = await browserFor(student.token);
      expect((await withCookie('GET', 'sandboxes', cookie)).status).toBe(200);
      expect((await client.call('DELETE', `tokens/${student.id}`, { token: ADMIN_TOKEN })).status).toBe(204);
      expect((await withCookie('GET', 'sandboxes', cookie)).status).toBe(401);
      expect((await withCookie('GET', 'session', cookie)).status).toBe(401);
      const again = await signIn(student.token);
      expect(again.status).toBe(401);
      expect(sessionCookieSet(again)).toBeUndefined();
    });

    it('signing in again replaces the session the browser had', async () => {
      const first = await browserFor(ADMIN_TOKEN);
      const again = await signIn(ADMIN_TOKEN, { cookie: first });
      expect(again.status).toBe(200);
      expect((await withCookie('GET', 'session', first)).status).toBe(401);
      expect((await withCookie('GET', 'session', `lab_session=${sessionCookieSet(again)!.value}`)).status).toBe(200);
    });
  });

  describe('joining a workshop from a browser (a real seat)', () => {
    let leader: string;
    let workshop: LabSchemas['CreatedWorkshopDto'];
    let joined: LabSchemas['JoinedWorkshopDto'];
    let joinStatus: number;
    let cookie: SetSessionCookie | undefined;

    beforeAll(async () => {
      leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
      workshop = await expectData(
        client.as(leader).POST('/api/workshops', {
          body: { example: 'tiny-sql', seats: 1, endsAt: new Date(Date.now() + 30 * 60_000).toISOString() },
        }),
      );
      const response = await client.call('POST', 'workshops/join', {
        body: { code: workshop.joinCode, name: 'Ada' },
        headers: { origin },
      });
      joinStatus = response.status;
      joined = (await response.json()) as LabSchemas['JoinedWorkshopDto'];
      cookie = sessionCookieSet(response);
    });
    afterAll(async () => {
      await client.call('DELETE', `workshops/${workshop.id}`, { token: leader });
    });

    it('signs the student in with the same kind of cookie, and still returns the token for API clients', async () => {
      expect(joinStatus).toBe(200);
      expect(cookie?.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
      expect(cookie?.value).not.toContain(joined.token);
      expect(joined.token).toMatch(/^lab_/);
      const me = await withCookie('GET', 'session', `lab_session=${cookie!.value}`);
      expect(await me.json()).toMatchObject({ role: 'student', name: 'Ada (workshop seat 1)', via: 'cookie' });
    });

    it('ends the cookie with the workshop: it expires when the seat’s token does', () => {
      expect(expiryOf(cookie)).toBeLessThanOrEqual(Date.parse(workshop.endsAt));
    });

    it('opens the seat’s sandbox and its event stream (EventSource sends only the cookie)', async () => {
      const sessionCookie = `lab_session=${cookie!.value}`;
      expect((await withCookie('GET', `sandboxes/${joined.sandboxId}`, sessionCookie)).status).toBe(200);
      const stream = await readServerSentEvents(
        `${api.base}/api/sandboxes/${joined.sandboxId}/events`,
        { headers: { cookie: sessionCookie } },
        (events) => events.some((event) => event.event === 'state'),
        30_000,
      );
      expect(stream.status).toBe(200);
      expect(stream.events[0]).toMatchObject({ event: 'state' });
    });

    it('ends an open event stream when the student signs out', async () => {
      const sessionCookie = `lab_session=${sessionCookieSet(await signIn(joined.token))!.value}`;
      const streams = api.app.get(SandboxStreams);
      const before = streams.openCount();
      // Reads until the server ends the stream; a stream that outlived the sign-out would time out.
      const reading = readServerSentEvents(
        `${api.base}/api/sandboxes/${joined.sandboxId}/events`,
        { headers: { cookie: sessionCookie } },
        () => false,
        30_000,
      );
      await waitFor(() => streams.openCount() > before, 10_000);
      expect((await withCookie('DELETE', 'session', sessionCookie, { origin })).status).toBe(204);
      const stream = await reading;
      expect(stream.status).toBe(200);
      expect(stream.events.map((event) => event.event)).toContain('state');
    });

    it('refuses a join that another origin’s page sends, before any seat is taken', async () => {
      const response = await client.call('POST', 'workshops/join', {
        body: { code: workshop.joinCode, name: 'Mallory' },
        headers: { origin: 'http://evil.example' },
      });
      expect(response.status).toBe(403);
      const seats = (
        await expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: workshop.id } } }))
      ).seats;
      expect(seats.map((seat) => seat.student)).not.toContain('Mallory');
    });
  });

  describe('with the state on PostgreSQL (DATABASE_URL)', () => {
    let onPostgres: ControlApi | undefined;

    beforeAll(async () => {
      const databaseUrl = await startStateDatabase(lab);
      onPostgres = await startControlApi({ config: { databaseUrl, rateLimitPerMinute: 10_000 } });
    });
    afterAll(async () => {
      await onPostgres?.close();
      await lab.reap();
    });

    const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(`${onPostgres!.base}/api/${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('signs in, serves the cookie, and signs out for good', async () => {
      const signedIn = await call('POST', 'session', {}, { token: ADMIN_TOKEN });
      expect(signedIn.status).toBe(200);
      const cookie = `lab_session=${sessionCookieSet(signedIn)!.value}`;
      expect((await call('GET', 'tokens', { cookie })).status).toBe(200);
      const out = await call('DELETE', 'session', { cookie, origin: new URL(onPostgres!.base).origin });
      expect(out.status).toBe(204);
      expect((await call('GET', 'tokens', { cookie })).status).toBe(401);
    });
  });
});
