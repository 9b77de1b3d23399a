import { OWASP_ARGON2ID, parseArgon2Phc } from '@lab/auth';
import type Redis from 'ioredis';
import { Browser } from './support/browser';
import { startDemoApp, type DemoApp } from './support/demo-app-child';
import { provisionRedis, type RedisSandbox } from './support/redis-sandbox';

/**
 * The cookie flow over real HTTP: argon2id registration, server-side sessions in Redis, a new
 * session id at login, CSRF synchronizer tokens, roles, logout and the login rate limit.
 */
describe('auth: sessions, CSRF and login throttling', () => {
  let sandbox: RedisSandbox;
  let redis: Redis;
  let app: DemoApp;
  const MAX_ATTEMPTS = 3;

  beforeAll(async () => {
    sandbox = await provisionRedis('sessions');
    redis = await sandbox.connect();
    app = await startDemoApp(sandbox, { rateLimit: { maxAttempts: MAX_ATTEMPTS, windowSeconds: 600 } });
    for (const [username, roles] of [
      ['ada', ['admin']],
      ['bob', []],
    ] as const) {
      const registered = await new Browser().json(`${app.url}/register`, 'POST', {
        username,
        password: `${username}-pass-123`,
        roles,
      });
      expect(registered.status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.reap();
  });

  /** An anonymous session (as a login page would create) and its CSRF token. */
  async function openSession(browser: Browser): Promise<string> {
    const response = await browser.request(`${app.url}/session`);
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  async function login(browser: Browser, username: string, password = `${username}-pass-123`) {
    const csrf = await openSession(browser);
    return browser.json(`${app.url}/login`, 'POST', { username, password }, { 'x-csrf-token': csrf });
  }

  it('stores argon2id hashes with at least the OWASP parameters', async () => {
    const stored = JSON.parse((await redis.get(`${app.config.prefix}:user:ada`))!) as { hash: string };
    const phc = parseArgon2Phc(stored.hash);
    expect(phc.algorithm).toBe('argon2id');
    expect(phc.memoryKiB).toBeGreaterThanOrEqual(OWASP_ARGON2ID.memoryKiB);
    expect(phc.iterations).toBeGreaterThanOrEqual(OWASP_ARGON2ID.iterations);
    expect(phc.parallelism).toBe(1);
    expect(Buffer.from(phc.salt, 'base64').length).toBeGreaterThanOrEqual(16);
    expect(stored.hash).not.toContain('ada-pass-123');
  });

  it('sets an HttpOnly, SameSite=Lax cookie with a >=128-bit random id', async () => {
    const response = await new Browser().request(`${app.url}/session`);
    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const id = /^sid=([^;]+)/.exec(setCookie!)![1]!;
    expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('issues a new session id at login and kills the pre-login one (fixation defence)', async () => {
    const browser = new Browser();
    await openSession(browser);
    const before = browser.jar.get('sid')!;
    const response = await login(browser, 'ada');
    expect(response.status).toBe(200);
    const after = browser.jar.get('sid')!;
    expect(after).not.toBe(before);

    // A planted pre-login id gives the attacker nothing: it is not a session any more.
    const attacker = new Browser();
    attacker.jar.absorb(new Response(null, { headers: { 'set-cookie': `sid=${before}` } }));
    expect((await attacker.request(`${app.url}/admin`)).status).toBe(401);
    expect((await browser.request(`${app.url}/admin`)).status).toBe(200);
  });

  it('rejects a state-changing POST without or with a wrong CSRF token, accepts the right one', async () => {
    const browser = new Browser();
    const { csrfToken } = (await (await login(browser, 'ada')).json()) as { csrfToken: string };

    // A cross-site form post carries the cookie (here: the jar sends it) but cannot know the token.
    const forged = await browser.json(`${app.url}/notes`, 'POST', { text: 'pwned' });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ reason: 'missing-token' });

    const wrong = await browser.json(`${app.url}/notes`, 'POST', { text: 'pwned' }, { 'x-csrf-token': 'guessed' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ reason: 'mismatch' });

    const right = await browser.json(`${app.url}/notes`, 'POST', { text: 'hello' }, { 'x-csrf-token': csrfToken });
    expect(right.status).toBe(201);
    expect(await right.json()).toEqual({ saved: { text: 'hello' }, by: 'ada' });
  });

  it('authorizes by role: 403 for a user without admin, 200 for an admin', async () => {
    const bob = new Browser();
    expect((await login(bob, 'bob')).status).toBe(200);
    expect((await bob.request(`${app.url}/admin`)).status).toBe(403);
    const ada = new Browser();
    await login(ada, 'ada');
    expect((await ada.request(`${app.url}/admin`)).status).toBe(200);
  });

  it('deletes the session at logout: the old cookie no longer authenticates', async () => {
    const browser = new Browser();
    const { csrfToken } = (await (await login(browser, 'ada')).json()) as { csrfToken: string };
    const sid = browser.jar.get('sid')!;
    const logout = await browser.request(`${app.url}/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^sid=; .*Max-Age=0/);
    const replay = new Browser();
    replay.jar.absorb(new Response(null, { headers: { 'set-cookie': `sid=${sid}` } }));
    expect((await replay.request(`${app.url}/admin`)).status).toBe(401);
  });

  it('throttles logins per account and address after N attempts, reporting Retry-After', async () => {
    const browser = new Browser();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const response = await login(browser, 'bob', 'wrong-password');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ remaining: MAX_ATTEMPTS - attempt });
    }
    // Even the right password is refused now: the limit applies before the check.
    const blocked = await login(browser, 'bob');
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await blocked.json()).toMatchObject({ error: 'too_many_attempts', retryAfterSeconds: retryAfter });
    // Another account from the same address has its own budget.
    expect((await login(new Browser(), 'ada')).status).toBe(200);
  });
});
