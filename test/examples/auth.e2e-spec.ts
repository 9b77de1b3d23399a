import { parseArgon2Phc } from '@lab/auth';
import { applyLabAction, runLabCheck } from '@lab/catalog';
import Redis from 'ioredis';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { deriveJwtKey } from '../../examples/auth/src/config';
import { SEED_REFRESH_TOKEN } from '../../examples/auth/src/stores/seed';
import { Browser } from '../auth/support/browser';
import { waitFor } from '../support/wait-for';
import { decodeJwt, signJwt, unsignedJwt } from './support/auth-jwt';
import { buildAuthBundles, startAuthSandbox, type AuthSandbox } from './support/auth-lab';

/**
 * examples/auth end to end: its PostgreSQL and Redis as real containers built from lab.yaml, its
 * provider and app as the webpack bundles the lab-apps image ships, run with plain Node. The test
 * plays API client and browser; every check goes through HTTP, SQL or Redis as a student would.
 */
/** An error answer is problem+json; a success may be anything. */
const isProblemIfError = (response: Response): boolean =>
  response.status < 400 || /^application\/problem\+json/.test(response.headers.get('content-type') ?? '');

describe('examples/auth', () => {
  let sandbox: AuthSandbox;
  let seedChecksum: { postgres: string; redis: string };

  beforeAll(async () => {
    buildAuthBundles();
    sandbox = await startAuthSandbox();
    seedChecksum = await json(await get('/lab/checksum'));
  }, 300_000);
  afterAll(async () => {
    await sandbox?.stop();
    await sandbox?.lab.reap();
  });

  const url = (path: string) => `${sandbox.appUrl}${path}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(url(path), { headers });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: sandbox.target.connections['postgres'] });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** A POST whose TCP connection comes from `localAddress`: what the app sees as the client's address. */
  function postFrom(localAddress: string, path: string, body: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        url(path),
        { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });
  }

  async function tokens(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
    const response = await post('/auth/token', { username, password });
    expect(response.status).toBe(200);
    return json(response);
  }

  it('answers /health, serves its OpenAPI document at /docs and seeds the documented users', async () => {
    expect(await json(await get('/health'))).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
    const docs = await json<{ paths: Record<string, unknown> }>(await get('/docs/openapi.json'));
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/token', '/auth/refresh', '/session/login', '/admin/users']),
    );
    expect(await sql('SELECT id, username, roles FROM users ORDER BY id')).toEqual([
      { id: 1, username: 'alice', roles: ['student'] },
      { id: 2, username: 'bob', roles: ['student'] },
      { id: 3, username: 'admin', roles: ['admin'] },
    ]);
  });

  it('stores a registered password as argon2id with at least the OWASP parameters, never in clear', async () => {
    const response = await post('/auth/register', { username: 'Dave', password: 'dave-password-1' });
    expect(response.status).toBe(201);
    expect(await json(response)).toEqual({ username: 'dave', roles: ['student'] });
    const [row] = await sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', ['dave']);
    expect(row!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row!.password_hash).not.toContain('dave-password-1');
    const phc = parseArgon2Phc(row!.password_hash);
    expect(phc.memoryKiB).toBeGreaterThanOrEqual(19_456);
    expect(phc.iterations).toBeGreaterThanOrEqual(2);

    const taken = await post('/auth/register', { username: 'dave', password: 'another-password' });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers bad input with 400 problem+json naming the fields, never a 500', async () => {
    const invalid = await post('/auth/register', { username: 'x', password: 'short', admin: true });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await json<{ status: number; errors: { path: string }[] }>(invalid);
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['admin', 'password', 'username']);

    for (const [path, body] of [
      ['/auth/register', '{"username": '],
      ['/auth/token', { username: 42, password: [] }],
      ['/auth/refresh', { refreshToken: { $ne: null } }],
      ['/session/login', 'null'],
    ] as const) {
      const response = await post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const garbage = await get('/auth/me', { authorization: 'Bearer not.a.jwt' });
    expect(garbage.status).toBe(401);
    expect(await json(await post('/auth/refresh', { refreshToken: 'not-a-token' }))).toMatchObject({
      status: 401,
      reason: 'unknown',
    });
    expect((await get('/oauth/callback?code=stolen&state=guessed')).status).toBe(400);

    // Whatever arrives, the answer is never a 500, and every error is a problem document.
    const bodies = ['', '[]', '"text"', '{"username": {}, "password": 1}', `{"password": "${'x'.repeat(200_000)}"}`];
    for (const path of ['/auth/register', '/auth/token', '/auth/refresh', '/auth/revoke', '/session/login']) {
      for (const body of bodies) {
        const response = await post(path, body);
        expect({
          path,
          body: body.slice(0, 40),
          status: response.status < 500,
          problem: isProblemIfError(response),
        }).toEqual({
          path,
          body: body.slice(0, 40),
          status: true,
          problem: true,
        });
        await response.body?.cancel();
      }
    }
  });

  it('issues short-lived HS256 access tokens with iss/aud/exp and refuses alg none, a wrong audience and expired ones', async () => {
    const { accessToken } = await tokens('alice', 'alice-in-the-lab');
    const { header, claims } = decodeJwt(accessToken);
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(claims).toMatchObject({ iss: 'urn:backend-lab:auth', aud: 'auth-api', sub: 'alice', roles: ['student'] });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(300);
    expect(await json(await get('/auth/me', bearer(accessToken)))).toEqual({
      subject: 'alice',
      roles: ['student'],
      via: 'bearer',
    });

    const key = deriveJwtKey(sandbox.secrets['jwt-secret']!);
    const now = Math.floor(Date.now() / 1000);
    const valid = { iss: 'urn:backend-lab:auth', aud: 'auth-api', sub: 'alice', roles: ['student'], jti: 'j1' };
    const jwtHeader = { alg: 'HS256', typ: 'at+jwt' };
    // The hand-signed token is right when nothing is wrong with it: the refusals below are for their reason.
    const control = signJwt(jwtHeader, { ...valid, iat: now, exp: now + 60 }, key);
    expect((await get('/auth/me', bearer(control))).status).toBe(200);

    const attacks = {
      algorithm: unsignedJwt({ ...valid, roles: ['admin'], iat: now, exp: now + 60 }),
      audience: signJwt(jwtHeader, { ...valid, aud: 'another-api', iat: now, exp: now + 60 }, key),
      expired: signJwt(jwtHeader, { ...valid, iat: now - 7200, exp: now - 3600 }, key),
      signature: `${accessToken.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${accessToken.split('.')[2]}`,
      issuer: signJwt(jwtHeader, { ...valid, iss: 'https://elsewhere.example', iat: now, exp: now + 60 }, key),
    };
    for (const [reason, token] of Object.entries(attacks)) {
      const response = await get('/admin/users', bearer(token));
      expect({ reason, status: response.status }).toEqual({ reason, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(await json(response)).toMatchObject({ status: 401, reason });
    }
  });

  it('rotates refresh tokens, and a replayed one revokes the whole family', async () => {
    const first = await tokens('bob', 'bob-builds-backends');
    const rotated = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const second = await json<{ accessToken: string; refreshToken: string }>(rotated);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(second.accessToken).claims).toMatchObject({ sub: 'bob', roles: ['student'] });

    // The stolen first token comes back: a replay. The family dies, legitimate successor included.
    const replay = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(await json(replay)).toMatchObject({ reason: 'reused' });
    const successor = await post('/auth/refresh', { refreshToken: second.refreshToken });
    expect(successor.status).toBe(401);
    expect(await json(successor)).toMatchObject({ reason: 'revoked' });

    // Logout of the token flow: revoking a family ends it at once.
    const other = await tokens('bob', 'bob-builds-backends');
    expect((await post('/auth/revoke', { refreshToken: other.refreshToken })).status).toBe(204);
    expect(await json(await post('/auth/refresh', { refreshToken: other.refreshToken }))).toMatchObject({
      reason: 'revoked',
    });
  });

  it('keeps sessions in Redis behind an HttpOnly SameSite cookie and issues a new session id at login', async () => {
    const browser = new Browser();
    const anonymous = await browser.request(url('/session'));
    const setCookie = anonymous.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const { csrfToken, user } = await json<{ csrfToken: string; user: unknown }>(anonymous);
    expect(user).toBeNull();
    const before = browser.jar.get('sid')!;

    const login = await browser.json(
      url('/session/login'),
      'POST',
      { username: 'alice', password: 'alice-in-the-lab' },
      {
        'x-csrf-token': csrfToken,
      },
    );
    expect(login.status).toBe(200);
    const after = browser.jar.get('sid')!;
    expect(after).not.toBe(before);
    const loggedIn = await json<{ csrfToken: string; user: unknown }>(login);
    expect(loggedIn.user).toEqual({ username: 'alice', roles: ['student'], via: 'password' });
    expect(loggedIn.csrfToken).not.toBe(csrfToken);

    // The pre-login id is dead (fixation): presenting it gets a fresh anonymous session.
    const planted = await fetch(url('/session'), { headers: { cookie: `sid=${before}` } });
    expect(await json(planted)).toMatchObject({ user: null });
    expect(await json(await browser.request(url('/auth/me')))).toEqual({
      subject: 'alice',
      roles: ['student'],
      via: 'session',
    });
  });

  it('refuses a cross-site POST that carries the session cookie but not the CSRF token (403)', async () => {
    expect((await post('/auth/register', { username: 'erin', password: 'erin-password-1' })).status).toBe(201);
    const browser = new Browser();
    const { csrfToken: anonymousToken } = await json<{ csrfToken: string }>(await browser.request(url('/session')));
    // Without the token, even the login is refused once a session exists.
    const noToken = await browser.json(url('/session/login'), 'POST', {
      username: 'erin',
      password: 'erin-password-1',
    });
    expect(noToken.status).toBe(403);
    expect(await json(noToken)).toMatchObject({ reason: 'missing-token' });
    const login = await browser.json(
      url('/session/login'),
      'POST',
      { username: 'erin', password: 'erin-password-1' },
      {
        'x-csrf-token': anonymousToken,
      },
    );
    const { csrfToken } = await json<{ csrfToken: string }>(login);

    const change = { currentPassword: 'erin-password-1', newPassword: 'erin-password-2' };
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const forged = await browser.json(url('/session/password'), 'POST', change, crossSite);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json(forged)).toMatchObject({ reason: 'missing-token' });
    const guessed = await browser.json(url('/session/password'), 'POST', change, { 'x-csrf-token': anonymousToken });
    expect(await json(guessed)).toMatchObject({ status: 403, reason: 'mismatch' });
    // A login without any session, started by another site (login CSRF): refused too.
    const loginCsrf = await post('/session/login', { username: 'erin', password: 'erin-password-1' }, crossSite);
    expect(await json(loginCsrf)).toMatchObject({ status: 403, reason: 'cross-site' });

    const genuine = await browser.json(url('/session/password'), 'POST', change, { 'x-csrf-token': csrfToken });
    expect(genuine.status).toBe(204);
    expect((await post('/auth/token', { username: 'erin', password: 'erin-password-2' })).status).toBe(200);
  });

  it('lets only admins into /admin (401 without credentials, 403 for a student)', async () => {
    expect((await get('/admin/users')).status).toBe(401);
    const student = await tokens('alice', 'alice-in-the-lab');
    const forbidden = await get('/admin/users', bearer(student.accessToken));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const admin = await tokens('admin', 'admin-keeps-the-keys');
    const users = await json<{ username: string; roles: string[] }[]>(
      await get('/admin/users', bearer(admin.accessToken)),
    );
    expect(users.slice(0, 3).map((u) => [u.username, u.roles])).toEqual([
      ['alice', ['student']],
      ['bob', ['student']],
      ['admin', ['admin']],
    ]);
    expect(JSON.stringify(users)).not.toContain('argon2');
    // The admin is a student too (role hierarchy): routes for any signed-in user let them in.
    expect((await get('/auth/me', bearer(admin.accessToken))).status).toBe(200);
  });

  it('limits failed logins per account and address: 429 with Retry-After, even for the right password', async () => {
    expect((await post('/auth/register', { username: 'frank', password: 'frank-password-1' })).status).toBe(201);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await post('/auth/token', { username: 'frank', password: `guess-${attempt}` });
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
    }
    const limited = await post('/session/login', { username: 'frank', password: 'guess-6' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await post('/auth/token', { username: 'frank', password: 'frank-password-1' })).status).toBe(429);
    // The key is the address the app sees (the TCP peer), not a header the client writes: a new
    // X-Forwarded-For on every attempt, or the name in capitals, does not buy more guesses.
    const spoofed = await post(
      '/auth/token',
      { username: 'FRANK', password: 'frank-password-1' },
      { 'x-forwarded-for': '203.0.113.7' },
    );
    expect(spoofed.status).toBe(429);
    // From another address (127.0.0.2 is this machine too) frank has his own budget.
    expect(await postFrom('127.0.0.2', '/auth/token', { username: 'frank', password: 'frank-password-1' })).toBe(200);
    // Other accounts are not affected.
    expect((await post('/auth/token', { username: 'bob', password: 'bob-builds-backends' })).status).toBe(200);
  });

  it('completes OAuth 2.0 code + PKCE against the provider service and signs the user in', async () => {
    const browser = new Browser();
    const start = await browser.request(url('/oauth/login'));
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(sandbox.providerUrl);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.href).not.toMatch(/code_verifier/);

    const loginPage = await browser.follow(authorize.href);
    const loginUrl = loginPage.visited.at(-1)!;
    const loggedIn = await submitForm(browser, loginPage.response, loginUrl, {
      username: 'ada',
      password: 'analytical-engine',
    });
    const consentPage = await followFrom(browser, loggedIn, loginUrl);
    const consentUrl = consentPage.visited.at(-1)!;
    const consented = await submitForm(browser, consentPage.response, consentUrl);
    const callback = await followFrom(browser, consented, consentUrl);
    const callbackUrl = new URL(callback.visited.at(-1)!);
    expect(callbackUrl.href.startsWith(url('/oauth/callback?'))).toBe(true);
    expect(callbackUrl.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(callback.response.status).toBe(200);
    expect(await json(callback.response)).toMatchObject({
      subject: 'ada',
      username: 'oidc:ada',
      claims: { iss: sandbox.providerUrl, aud: 'lab-app', sub: 'ada', nonce: authorize.searchParams.get('nonce') },
    });
    expect(await json(await browser.request(url('/auth/me')))).toEqual({
      subject: 'oidc:ada',
      roles: ['student'],
      via: 'session',
    });
    // The code and the pending login were spent: replaying the callback is refused.
    expect((await browser.request(callbackUrl.href)).status).toBe(400);
  });

  it("ends every other session and every refresh-token family at a password change, also a session kept alive past the index's TTL", async () => {
    const redis = new Redis(sandbox.target.connections['redis']!);
    const index = 'auth:user-sessions:alice';
    const signIn = async (password: string) => {
      const browser = new Browser();
      const { csrfToken } = await json<{ csrfToken: string }>(await browser.request(url('/session')));
      const login = await browser.json(
        url('/session/login'),
        'POST',
        { username: 'alice', password },
        {
          'x-csrf-token': csrfToken,
        },
      );
      expect(login.status).toBe(200);
      return { browser, csrfToken: (await json<{ csrfToken: string }>(login)).csrfToken };
    };
    const me = async (browser: Browser) => (await browser.request(url('/auth/me'))).status;
    // The index's TTL runs out (forced with PEXPIRE instead of waiting the idle timeout).
    const expireIndex = async () => {
      await redis.pexpire(index, 1);
      let exists = 1;
      await waitFor(
        () => exists === 0,
        5_000,
        async () => {
          exists = await redis.exists(index);
        },
      );
    };
    try {
      const laptop = await signIn('alice-in-the-lab');
      const thief = await signIn('alice-in-the-lab');
      const phone = await tokens('alice', 'alice-in-the-lab');
      // The thief's session stays in use across two lifetimes of the index, and the index has just
      // expired again when the password changes: nothing lists the thief's session any more.
      await expireIndex();
      expect(await me(thief.browser)).toBe(200);
      await expireIndex();
      expect(await me(thief.browser)).toBe(200);
      await expireIndex();

      const change = await laptop.browser.json(
        url('/session/password'),
        'POST',
        { currentPassword: 'alice-in-the-lab', newPassword: 'alice-changed-it' },
        { 'x-csrf-token': laptop.csrfToken },
      );
      expect(change.status).toBe(204);

      expect({ laptop: await me(laptop.browser), thief: await me(thief.browser) }).toEqual({ laptop: 200, thief: 401 });
      // The thief's cookie now names no session at all: GET /session hands out an anonymous one.
      expect(await json(await thief.browser.request(url('/session')))).toMatchObject({ user: null });
      const refreshed = await Promise.all(
        [phone.refreshToken, SEED_REFRESH_TOKEN].map(async (refreshToken) => {
          const response = await post('/auth/refresh', { refreshToken });
          return { status: response.status, reason: (await json<{ reason?: string }>(response)).reason };
        }),
      );
      expect(refreshed).toEqual([
        { status: 401, reason: 'revoked' },
        { status: 401, reason: 'revoked' },
      ]);
      // New logins, with the new password, work again: their sessions and families are current.
      const fresh = await tokens('alice', 'alice-changed-it');
      expect((await post('/auth/refresh', { refreshToken: fresh.refreshToken })).status).toBe(200);
      expect(await me((await signIn('alice-changed-it')).browser)).toBe(200);
    } finally {
      redis.disconnect();
    }
  });

  it('keeps its data across an app restart (seeding is idempotent)', async () => {
    const users = async () =>
      (await sql<{ username: string }>('SELECT username FROM users ORDER BY id')).map((u) => u.username);
    const before = await users();
    expect(before).toEqual(expect.arrayContaining(['alice', 'bob', 'admin', 'dave', 'erin', 'frank']));
    await sandbox.restartApp();
    expect(await users()).toEqual(before);
    expect(await json(await get('/lab/checksum'))).not.toEqual(seedChecksum);
  });

  it('resets both stores to the seed in place: /lab/checksum equals the seed again', async () => {
    const reset = await post('/lab/reset', {});
    expect(reset.status).toBe(200);
    const body = await json<{ restored: { store: string; ms: number }[] }>(reset);
    expect(body.restored.map((r) => r.store)).toEqual(['postgres', 'redis']);
    expect(body.restored).toEqual([
      expect.objectContaining({ ms: expect.any(Number) }),
      expect.objectContaining({ ms: expect.any(Number) }),
    ]);
    expect(Math.min(...body.restored.map((r) => r.ms))).toBeGreaterThanOrEqual(0);
    expect(await json(await get('/lab/checksum'))).toEqual(seedChecksum);
    expect(await sql('SELECT username FROM users ORDER BY id')).toEqual([
      { username: 'alice' },
      { username: 'bob' },
      { username: 'admin' },
    ]);
    // The app's own pool survived the database being dropped and cloned.
    expect((await post('/auth/token', { username: 'alice', password: 'alice-in-the-lab' })).status).toBe(200);
    // The seeded refresh token works again after the reset.
    expect((await post('/auth/refresh', { refreshToken: SEED_REFRESH_TOKEN })).status).toBe(200);
  });

  it('runs every lab step: doing steps fail untouched and pass after their solution, look-only steps pass untouched', async () => {
    expect((await post('/lab/reset', {})).status).toBe(200);
    const steps = sandbox.manifest.lab!.steps;
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.filter((step) => step.solution.length > 0).length).toBeGreaterThanOrEqual(2);
    for (const step of steps) {
      const untouched = await runLabCheck(step.check, sandbox.target);
      expect({ step: step.id, ...untouched }).toMatchObject({ step: step.id, passed: step.solution.length === 0 });
      for (const action of step.solution) await applyLabAction(action, sandbox.target);
      expect({ step: step.id, ...(await runLabCheck(step.check, sandbox.target)) }).toMatchObject({
        step: step.id,
        passed: true,
      });
    }
    expect((await post('/lab/reset', {})).status).toBe(200);
    expect(await json(await get('/lab/checksum'))).toEqual(seedChecksum);
  });
});

async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Submits the one form on a provider page, as a browser would. */
async function submitForm(browser: Browser, page: Response, pageUrl: string, fields: Record<string, string> = {}) {
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on ${pageUrl}:\n${html}`);
  return browser.request(new URL(action, pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function followFrom(browser: Browser, response: Response, from: string) {
  expect(response.status).toBeGreaterThanOrEqual(300);
  expect(response.status).toBeLessThan(400);
  await response.body?.cancel();
  return browser.follow(new URL(response.headers.get('location')!, from).href);
}
