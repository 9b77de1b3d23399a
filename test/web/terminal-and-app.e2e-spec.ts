import { expectData } from '@lab/api-client';
import { request } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';
import {
  screenText,
  sessionProbe,
  typeCommand,
  waitConnected,
  waitForScreen,
  withinClientTimeout,
} from './support/terminal-page';

/** A GET with exactly these headers: its status and `Location`. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The frame of the app's docs: the example's own Swagger UI, which axe checks are not about. */
const APP_FRAME = 'iframe[title^="API docs of"]';

/**
 * The workspace's terminal and app panels (issue 11) in Chromium, on a real sql-vs-nosql sandbox:
 * xterm.js over the terminal WebSocket with the session cookie, and the example app through the
 * API's proxy, whose pages run as an opaque origin.
 */
describe('web: terminal and app panels', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let browser: Browser;
  let student: string;
  let sandbox: SandboxView;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    api = await startControlApi();
    browser = await launchChromium();
    const client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'web-terminal-student');
    const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'sql-vs-nosql' } }));
    sandbox = await client.waitForSandbox(student, created.id, (s) => s.state === 'ready', 240_000);
    ({ context, page } = await openPage(browser, api.base));
    errors = collectPageErrors(page);
    await signIn(context, api.base, student);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('runs a command typed on the keyboard and shows its output', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/terminal`);
    await waitConnected(page);
    await typeCommand(page, `psql -tAc 'select 40 + 2' && echo typed-$((6 * 7))`);
    expect(await waitForScreen(page, /typed-42/)).toMatch(/^42$/m);
    expect(errors).toEqual([]);
  });

  it('reconnects to the same shell after a reload and replays its output', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/terminal`);
    await waitConnected(page);
    await typeCommand(page, 'echo before-reload-$((2 + 2)); export MARK=kept');
    await waitForScreen(page, /before-reload-4/);
    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: /Reconnected to your shell; its last .* of output replayed\./ })
      .waitFor();
    expect(await screenText(page)).toContain('before-reload-4');
    // The same shell, not a new one: its variable is still set.
    await typeCommand(page, 'echo "mark=$MARK"');
    expect(await waitForScreen(page, /mark=kept/)).toContain('mark=kept');
  });

  it('stays responsive while `yes` floods the terminal, and Ctrl+C stops it', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/terminal`);
    await waitConnected(page);
    await typeCommand(page, 'yes');
    await waitForScreen(page, /(y\n){10}/);
    // A second of flood (part of the scenario, not an assertion on time).
    await page.waitForTimeout(1_000);
    expect(
      await withinClientTimeout(
        page.evaluate(() => 6 * 7),
        5_000,
      ),
    ).toBe(42);
    await page.keyboard.press('Control+C');
    await typeCommand(page, 'echo after-$((3 * 3))-yes');
    expect(await waitForScreen(page, /after-9-yes/, 30_000)).toContain('after-9-yes');
    expect(await withinClientTimeout(page.title(), 5_000)).toBe('Backend Lab');
  });

  it('has no serious accessibility violation on the terminal', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/terminal`);
    await waitConnected(page);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says clearly why a terminal cannot open: no such sandbox, signed out', async () => {
    await page.goto('/sandboxes/sb-0000000000000000/terminal');
    await page.getByRole('alert').filter({ hasText: 'No such sandbox' }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);

    const anonymous = await openPage(browser, api.base);
    try {
      await anonymous.page.goto(`/sandboxes/${sandbox.id}/terminal`);
      await anonymous.page.getByRole('alert').filter({ hasText: 'You are signed out' }).waitFor();
      expect(await anonymous.page.getByRole('link', { name: 'Sign in again' }).isVisible()).toBe(true);
    } finally {
      await anonymous.context.close();
    }
  });

  it('shows the app’s docs through the proxy, as an opaque origin that cannot use the session', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/app`);
    const frame = page.frameLocator(`iframe[title="API docs of the sql-vs-nosql app"]`);
    await frame.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await frame.locator('.opblock').count()).toBeGreaterThan(3);
    const docsFrame = page.frames().find((candidate) => candidate.url().includes('/app/~'))!;
    expect(await docsFrame.evaluate(() => (globalThis as unknown as { origin: string }).origin)).toBe('null');
    expect(await sessionProbe(docsFrame)).toBe('blocked');
    // The lab's own page, for contrast: the same request reads the session.
    expect(await sessionProbe(page)).toMatch(/^read 200: .*web-terminal-student/);
    // The lab's page around the frame; the frame holds the example's own Swagger UI.
    expect(await seriousViolations(page, [APP_FRAME])).toEqual([]);
  });

  it('opens the docs in a new tab from the keyboard: operations render, the session stays out of reach', async () => {
    await page.goto(`/sandboxes/${sandbox.id}/app`);
    const link = page.getByRole('link', { name: 'Open the API docs (/docs) in a new tab' });
    await link.focus();
    const [tab] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await tab.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(new URL(tab.url()).pathname).toMatch(
      new RegExp(`^/api/sandboxes/${sandbox.id}/app/~[A-Za-z0-9_-]{43}/docs`),
    );
    expect(await tab.evaluate(() => (globalThis as unknown as { origin: string }).origin)).toBe('null');
    expect(await sessionProbe(tab)).toBe('blocked');
    // "Try it out" goes through the proxy under the grant, from the opaque origin.
    const answer = await tab.evaluate(async () => {
      const response = await fetch(
        (globalThis as unknown as { location: { pathname: string } }).location.pathname.replace(/\/docs.*$/, '/health'),
      );
      return response.status;
    });
    expect(answer).toBe(200);
    await tab.close();
    expect(errors).toEqual([]);
  });

  it('opens app pages under a grant that holds for that sandbox only and ends with its session', async () => {
    const origin = new URL(api.base).origin;
    const signedIn = await fetch(`${api.base}/api/session`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token: student }),
    });
    const cookie = String(signedIn.headers.get('set-cookie')).split(';')[0]!;
    // As a browser's navigation (node:http: fetch would set its own Sec-Fetch-Mode).
    const navigation = await rawGet(`${api.base}/api/sandboxes/${sandbox.id}/app/docs`, {
      cookie,
      accept: 'text/html',
      'sec-fetch-mode': 'navigate',
    });
    expect(navigation.status).toBe(303);
    const granted = String(navigation.location);
    const grant = /\/app\/~([A-Za-z0-9_-]{43})\/docs$/.exec(granted)?.[1];
    expect(grant).toBeDefined();

    // No cookie: the grant alone opens the page's assets, answered to the opaque origin.
    const health = granted.replace(/\/docs$/, '/health');
    const asset = await fetch(`${api.base}${health}`, { headers: { origin: 'null' } });
    expect({
      status: asset.status,
      cors: asset.headers.get('access-control-allow-origin'),
      csp: asset.headers.get('content-security-policy'),
    }).toEqual({ status: 200, cors: 'null', csp: 'sandbox allow-scripts allow-forms allow-popups allow-modals' });
    // Another sandbox's path with this grant, and a made-up grant: refused.
    const elsewhere = await fetch(`${api.base}/api/sandboxes/sb-0000000000000000/app/~${grant!}/health`);
    const madeUp = await fetch(`${api.base}/api/sandboxes/${sandbox.id}/app/~${'A'.repeat(43)}/health`);
    expect([elsewhere.status, madeUp.status]).toEqual([401, 401]);

    // Signing out ends the session, and the grant with it.
    await fetch(`${api.base}/api/session`, { method: 'DELETE', headers: { cookie, origin } });
    const afterSignOut = await fetch(`${api.base}${health}`);
    expect(afterSignOut.status).toBe(401);
    expect(await afterSignOut.json()).toMatchObject({ title: 'App view expired' });
  });
});
