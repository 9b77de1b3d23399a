import type { Browser } from 'playwright-core';
import { ControlApi, startControlApi } from '../control-api/support/control-api';
import { collectPageErrors, launchChromium, openPage, seriousViolations } from './support/browser';

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
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
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
});
