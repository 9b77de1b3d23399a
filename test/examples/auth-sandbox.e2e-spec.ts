import { applyLabAction, compileSandbox, connectionUrl, runLabCheck, type LabTarget } from '@lab/catalog';
import { Browser } from '../auth/support/browser';
import { createTestLab, type TestLab } from '../support/lab-runtime';
import { loadAuthManifest } from './support/auth-lab';

/**
 * The auth example exactly as a student gets it: all four services of lab.yaml in Docker, the app
 * and the provider from the `lab-apps` image (built by `npm run images`, the test's pretest), on
 * the sandbox network where the app knows the provider as `http://provider:4000`.
 */
class SandboxBrowser extends Browser {
  constructor(private readonly hosts: Record<string, string>) {
    super();
  }

  /** What `curl --connect-to` does: sandbox names to published ports, the URL otherwise unchanged. */
  override request(url: string, init: RequestInit = {}): Promise<Response> {
    const parsed = new URL(url);
    const published = this.hosts[parsed.host];
    if (published) parsed.host = published;
    return super.request(parsed.href, init);
  }
}

describe('examples/auth in a real sandbox (lab-apps image)', () => {
  const lab: TestLab = createTestLab();
  const manifest = loadAuthManifest();
  let target: LabTarget & { appUrl: string };
  let hosts: Record<string, string>;

  beforeAll(async () => {
    const compiled = compileSandbox(manifest, 'tester');
    const sandbox = await lab.runtime.provision(lab.sandboxId('auth-full'), compiled.spec, { labels: lab.labels });
    const published = (name: string, port: number) => {
      const service = sandbox.services.find((s) => s.name === name)!;
      return { host: service.host, port: service.ports[port]! };
    };
    const connections: Record<string, string> = {};
    for (const connection of compiled.connections) {
      const { host, port } = published(connection.service, connection.port);
      connections[connection.service] = connectionUrl(connection, host, port);
    }
    const app = published('app', 3000);
    const provider = published('provider', 4000);
    hosts = { 'app:3000': `${app.host}:${app.port}`, 'provider:4000': `${provider.host}:${provider.port}` };
    target = { appUrl: `http://${app.host}:${app.port}`, connections };
  }, 300_000);
  afterAll(() => lab.reap());

  it('passes every lab step after its solution, and reset restores the seed checksum', async () => {
    const seed = await (await fetch(`${target.appUrl}/lab/checksum`)).json();
    for (const step of manifest.lab!.steps) {
      // Untouched, a step passes only when it asks for nothing.
      expect({ step: step.id, ...(await runLabCheck(step.check, target)) }).toMatchObject({
        passed: step.solution.length === 0,
      });
      for (const action of step.solution) await applyLabAction(action, target);
      expect({ step: step.id, ...(await runLabCheck(step.check, target)) }).toMatchObject({
        step: step.id,
        passed: true,
      });
    }
    expect(await (await fetch(`${target.appUrl}/lab/checksum`)).json()).not.toEqual(seed);
    const reset = await fetch(`${target.appUrl}${manifest.reset!.http.path}`, { method: manifest.reset!.http.method });
    expect(reset.status).toBe(200);
    expect(await (await fetch(`${target.appUrl}/lab/checksum`)).json()).toEqual(seed);
  });

  it('completes the OAuth code + PKCE flow with the provider at its sandbox name', async () => {
    const browser = new SandboxBrowser(hosts);
    const start = await browser.request('http://app:3000/oauth/login');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe('http://provider:4000');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const loginPage = await browser.follow(authorize.href);
    const loginUrl = loginPage.visited.at(-1)!;
    const loggedIn = await submitForm(browser, loginPage.response, loginUrl, {
      username: 'ada',
      password: 'analytical-engine',
    });
    expect(loggedIn.status).toBe(303);
    const consentPage = await browser.follow(new URL(loggedIn.headers.get('location')!, loginUrl).href);
    const consentUrl = consentPage.visited.at(-1)!;
    const consented = await submitForm(browser, consentPage.response, consentUrl);
    const callback = await browser.follow(new URL(consented.headers.get('location')!, consentUrl).href);
    expect(callback.visited.at(-1)!.startsWith('http://app:3000/oauth/callback?')).toBe(true);
    expect(callback.response.status).toBe(200);
    expect(await callback.response.json()).toMatchObject({
      username: 'oidc:ada',
      claims: { iss: 'http://provider:4000', aud: 'lab-app', sub: 'ada', name: 'Ada Lovelace' },
    });
  });
});

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
