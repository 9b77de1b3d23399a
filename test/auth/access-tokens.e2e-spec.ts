import { createHmac } from 'node:crypto';
import { Browser } from './support/browser';
import { JWT_AUDIENCE, JWT_ISSUER, startDemoApp, type DemoApp } from './support/demo-app-child';
import { provisionRedis, type RedisSandbox } from './support/redis-sandbox';

/**
 * JWT access tokens (jose) and refresh rotation over real HTTP. Bad tokens are forged here with
 * node:crypto, independently of jose, knowing the app's secret, so each one is wrong in exactly
 * one way and a control token proves the forger itself is right.
 */
describe('auth: access tokens and refresh over HTTP', () => {
  let sandbox: RedisSandbox;
  let app: DemoApp;
  let secret: Buffer;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sandbox = await provisionRedis('tokens');
    app = await startDemoApp(sandbox);
    secret = Buffer.from(app.config.jwt.secret, 'base64url');
    const registered = await new Browser().json(`${app.url}/register`, 'POST', {
      username: 'ada',
      password: 'ada-pass-123',
      roles: ['admin'],
    });
    expect(registered.status).toBe(201);
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.reap();
  });

  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  function forge(header: Record<string, unknown>, claims: Record<string, unknown>, key = secret): string {
    const input = `${encode(header)}.${encode(claims)}`;
    const hash = header['alg'] === 'HS384' ? 'sha384' : 'sha256';
    return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
  }

  const goodHeader = { alg: 'HS256', typ: 'at+jwt' };
  const goodClaims = () => ({
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    sub: 'ada',
    roles: ['admin'],
    jti: 'j1',
    iat: now(),
    exp: now() + 300,
  });

  async function me(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('issues a token the API accepts, and accepts a correctly forged control token', async () => {
    const issued = await new Browser().json(`${app.url}/api/token`, 'POST', {
      username: 'ada',
      password: 'ada-pass-123',
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    expect(JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString())).toEqual(goodHeader);
    expect(await me(accessToken)).toMatchObject({ status: 200, body: { subject: 'ada', roles: ['admin'] } });
    expect(await me(forge(goodHeader, goodClaims()))).toMatchObject({ status: 200, body: { subject: 'ada' } });
  });

  it('rejects alg "none" (no signature at all)', async () => {
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(goodClaims())}.`;
    expect(await me(unsigned)).toEqual({ status: 401, body: { error: 'invalid_token', reason: 'algorithm' } });
  });

  it('rejects any other algorithm, even one the same secret can verify (HS384)', async () => {
    expect(await me(forge({ ...goodHeader, alg: 'HS384' }, goodClaims()))).toMatchObject({
      status: 401,
      body: { reason: 'algorithm' },
    });
  });

  it('rejects a wrong audience, a wrong issuer, an expired token and a bad signature', async () => {
    expect(await me(forge(goodHeader, { ...goodClaims(), aud: 'another-api' }))).toMatchObject({
      status: 401,
      body: { reason: 'audience' },
    });
    expect(await me(forge(goodHeader, { ...goodClaims(), iss: 'http://evil.test' }))).toMatchObject({
      status: 401,
      body: { reason: 'issuer' },
    });
    // Expired an hour ago: far outside the clock tolerance, no waiting involved.
    const expired = { ...goodClaims(), iat: now() - 7200, exp: now() - 3600 };
    expect(await me(forge(goodHeader, expired))).toMatchObject({ status: 401, body: { reason: 'expired' } });
    expect(await me(forge(goodHeader, goodClaims(), Buffer.alloc(32, 7)))).toMatchObject({
      status: 401,
      body: { reason: 'signature' },
    });
  });

  it('rotates refresh tokens over HTTP; replaying an old one kills the newest as well', async () => {
    const client = new Browser();
    const login = (await (
      await client.json(`${app.url}/api/token`, 'POST', { username: 'ada', password: 'ada-pass-123' })
    ).json()) as {
      refreshToken: string;
    };
    const refreshed = await client.json(`${app.url}/api/refresh`, 'POST', { refreshToken: login.refreshToken });
    expect(refreshed.status).toBe(200);
    const newest = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    expect(await me(newest.accessToken)).toMatchObject({ status: 200 });

    const replay = await client.json(`${app.url}/api/refresh`, 'POST', { refreshToken: login.refreshToken });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ reason: 'reused' });
    const afterReplay = await client.json(`${app.url}/api/refresh`, 'POST', { refreshToken: newest.refreshToken });
    expect(afterReplay.status).toBe(401);
    expect(await afterReplay.json()).toMatchObject({ reason: 'revoked' });
  });
});
