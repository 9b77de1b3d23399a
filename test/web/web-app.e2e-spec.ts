import type { Browser, Page } from 'playwright-core';
import { ControlApi, startControlApi } from '../control-api/support/control-api';
import { collectPageErrors, launchChromium, openPage, seriousViolations } from './support/browser';
import { collectCspViolations } from './support/csp';

/** The web app's entry script (hashed name), which every page loads first. */
const ENTRY_SCRIPT = /\/assets\/index-[^/]+\.js$/;

/** Counts the page's document requests (its first load and each reload); `reached(n)` waits for the n-th. */
function countPageLoads(page: Page): { count: () => number; reached: (loads: number) => Promise<unknown> } {
  let loads = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'document') loads++;
  });
  return {
    count: () => loads,
    reached: (target) => page.waitForEvent('request', { predicate: () => loads >= target, timeout: 10_000 }),
  };
}

/** The web app is served by the control API at `/` and renders in a real Chromium. */
describe('web app served at /', () => {
  let api: ControlApi;
  let browser: Browser;

  beforeAll(async () => {
    api = await startControlApi();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('serves the page shell with a strict Content-Security-Policy and never caches it', async () => {
    const response = await fetch(`${api.base}/sandboxes/some-id`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    // Scripts from this origin, and the page's one inline script (its load guard) by its hash only.
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it('leaves API paths to the API: an unknown one is a problem document, not the page', async () => {
    const response = await fetch(`${api.base}/api/no-such-route`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('renders in Chromium without page errors, with no serious accessibility violation', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'No such page' }).waitFor();
      expect(await page.getByRole('link', { name: 'Backend Lab' }).isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('renders a page whose code chunk was cut in flight (a network change): the chunk is asked for again', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      const chunk = /\/assets\/NotFoundPage-[^/]+\.js$/;
      const requests: string[] = [];
      page.on('request', (request) => void requests.push(request.url()));
      // What Chromium does to requests in flight when the machine's network changes
      // (net::ERR_NETWORK_CHANGED; e.g. Docker adding a sandbox's bridge on the lab's host): once.
      await page.route(chunk, (route) => route.abort('internetdisconnected'), { times: 1 });
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'No such page' }).waitFor();
      expect(requests.filter((url) => chunk.test(url))).toHaveLength(2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads the page again when its entry script was cut in flight before anything rendered', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const cspViolations = collectCspViolations(page);
      const pageLoads = countPageLoads(page);
      // A network change cuts the entry script (seen in CI: net::ERR_NETWORK_CHANGED while a
      // sandbox's bridge was added); a module's own code cannot catch that, the inline guard can.
      await page.route(ENTRY_SCRIPT, (route) => route.abort('internetdisconnected'), { times: 1 });
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'No such page' }).waitFor();
      expect(pageLoads.count()).toBe(2);
      // The guard runs under the strict policy: allowed by its hash, not by 'unsafe-inline'.
      expect(cspViolations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('does not load the page again and again when its code keeps failing', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const pageLoads = countPageLoads(page);
      const thirdLoad = pageLoads.reached(3);
      await page.route(ENTRY_SCRIPT, (route) => route.abort('connectionrefused'));
      await page.goto('/no-such-page');
      await thirdLoad;
      // Each reload comes 0.3 s after a failure: well past that, no fourth load.
      await page.waitForTimeout(2_000);
      expect(pageLoads.count()).toBe(3);
      expect(await page.locator('#root').innerHTML()).toBe('');
    } finally {
      await context.close();
    }
  });
});
