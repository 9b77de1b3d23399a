import type { OidcProviderConfig } from '@lab/auth';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from './support/browser';
import { freePort, startTsChild, type RunningChild } from './support/child-process';
import { startDemoApp, type DemoApp } from './support/demo-app-child';
import { provisionRedis, type RedisSandbox } from './support/redis-sandbox';

/**
 * OAuth 2.0 authorization code + PKCE, end to end: a real OpenID provider (oidc-provider, in its
 * own process from a config file, as it will run in the sandbox) and the demo app as relying party
 * (openid-client). The test plays the browser: every redirect and form is a real HTTP request.
 */
describe('auth: OAuth code flow with PKCE against a real OpenID provider', () => {
  let sandbox: RedisSandbox;
  let provider: RunningChild<{ issuer: string; port: number }>;
  let app: DemoApp;
  let redirectUri: string;
  const configDir = mkdtempSync(join(tmpdir(), 'lab-oidc-'));
  const client = { clientId: 'lab-app', clientSecret: randomBytes(24).toString('base64url') };

  beforeAll(async () => {
    sandbox = await provisionRedis('oauth');
    // Each side must know the other's URL up front: the provider registers the redirect URI.
    const appPort = await freePort();
    const providerPort = await freePort();
    redirectUri = `http://127.0.0.1:${appPort}/oauth/callback`;
    const providerConfig: OidcProviderConfig = {
      host: '127.0.0.1',
      port: providerPort,
      client: { ...client, redirectUris: [redirectUri] },
      users: [
        {
          username: 'ada',
          password: 'analytical-engine',
          subject: 'user-ada',
          claims: { name: 'Ada Lovelace', email: 'ada@lab.test' },
        },
      ],
      cookieKeys: [randomBytes(32).toString('base64url')],
    };
    const configFile = join(configDir, 'provider.json');
    writeFileSync(configFile, JSON.stringify(providerConfig));
    provider = await startTsChild('libs/auth/src/oauth/provider-main.ts', [configFile]);
    app = await startDemoApp(sandbox, {
      port: appPort,
      oidc: { issuer: provider.ready.issuer, ...client, redirectUri },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
    await sandbox?.reap();
    rmSync(configDir, { recursive: true, force: true });
  });

  /** Submits the one form on an interaction page, as a browser would. */
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

  /** Follows a redirect chain from a form answer to the next page. */
  async function followFrom(browser: Browser, response: Response, from: string) {
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    await response.body?.cancel();
    return browser.follow(new URL(response.headers.get('location')!, from).href);
  }

  it('authorize → login → consent → callback with code → token exchange with code_verifier → validated id_token', async () => {
    const browser = new Browser();

    // 1. The app sends the browser to the provider with a PKCE challenge (S256), state and nonce.
    const start = await browser.request(`${app.url}/oauth/start`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(provider.ready.issuer);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    // The verifier itself never leaves the app.
    expect(authorize.href).not.toMatch(/code_verifier/);

    // 2. The provider asks who we are; a wrong password is refused, the right one passes.
    const loginPage = await browser.follow(authorize.href);
    const loginUrl = loginPage.visited.at(-1)!;
    expect(loginUrl).toMatch(/\/interaction\/[A-Za-z0-9_-]+$/);
    expect(loginPage.response.status).toBe(200);
    const refused = await submitForm(browser, loginPage.response, loginUrl, { username: 'ada', password: 'babbage' });
    expect(refused.status).toBe(401);
    const loggedIn = await submitForm(browser, refused, loginUrl, { username: 'ada', password: 'analytical-engine' });

    // 3. Consent: the user allows the app to see openid, profile and email.
    const consentPage = await followFrom(browser, loggedIn, loginUrl);
    const consentUrl = consentPage.visited.at(-1)!;
    expect(await consentPage.response.clone().text()).toMatch(/Allow/);
    const consented = await submitForm(browser, consentPage.response, consentUrl);

    // 4. Back at the app's callback with a code; the app exchanges it with the code_verifier and
    //    validates the ID token (signature, iss, aud, exp, nonce) before trusting any claim.
    const callback = await followFrom(browser, consented, consentUrl);
    const callbackUrl = new URL(callback.visited.at(-1)!);
    expect(callbackUrl.href.startsWith(redirectUri)).toBe(true);
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(callbackUrl.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(callback.response.status).toBe(200);
    const result = (await callback.response.json()) as { subject: string; claims: Record<string, unknown> };
    expect(result.subject).toBe('user-ada');
    expect(result.claims).toMatchObject({
      iss: provider.ready.issuer,
      aud: client.clientId,
      sub: 'user-ada',
      nonce: authorize.searchParams.get('nonce'),
      name: 'Ada Lovelace',
      email: 'ada@lab.test',
    });

    // 5. The login in progress was consumed with the session's old id: replaying the callback is refused.
    const replay = await browser.request(callbackUrl.href);
    expect(replay.status).toBe(400);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${provider.ready.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: 'no-pkce',
    }).toString();
    const response = await new Browser().request(url.href);
    // Errors go back to the (registered) redirect URI, never to the user's screen only.
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});
