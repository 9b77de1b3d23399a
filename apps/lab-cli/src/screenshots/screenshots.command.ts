import type { LabConfig } from '@lab/config';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { BrowserLab } from '../web/lab-server';
import { SCREENSHOT_PAGES, type ScreenshotPage } from './pages';

export const SCREENSHOT_DIR = 'docs/screenshots';

/** A route with its `:key` parts filled in. */
export function fillRoute(route: string, params: Record<string, string>): string {
  return route.replace(/:([A-Za-z]\w*)/g, (whole: string, key: string) =>
    key in params ? encodeURIComponent(params[key]!) : whole,
  );
}

/** Debian's Chromium (LAB_CHROMIUM), headless; `--no-sandbox` because the lab's set-up runs as root. */
export async function launchSystemChromium(config: LabConfig): Promise<Browser> {
  if (!existsSync(config.chromiumPath)) {
    throw new Error(`No Chromium at ${config.chromiumPath}: apt-get install chromium, or set LAB_CHROMIUM.`);
  }
  return chromium.launch({
    executablePath: config.chromiumPath,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: 60_000,
  });
}

/**
 * `npm run screenshots [-- names…]`: a control API of its own serving this checkout's web app,
 * each page of SCREENSHOT_PAGES opened in Chromium as its role, a PNG written to docs/screenshots/.
 */
export async function screenshotsCommand(
  config: LabConfig,
  names: string[],
  log: (line: string) => void,
): Promise<number> {
  const unknown = names.filter((name) => !SCREENSHOT_PAGES.some((page) => page.name === name));
  if (unknown.length > 0) {
    log(`unknown page(s) ${unknown.join(', ')}; known: ${SCREENSHOT_PAGES.map((page) => page.name).join(', ')}`);
    return 2;
  }
  const pages = names.length === 0 ? SCREENSHOT_PAGES : SCREENSHOT_PAGES.filter((page) => names.includes(page.name));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const lab = await BrowserLab.start(config, log);
  let browser: Browser | undefined;
  try {
    browser = await launchSystemChromium(config);
    for (const shot of pages) await takeShot(lab, browser, shot, log);
    return 0;
  } finally {
    await browser?.close();
    await lab.close();
  }
}

async function takeShot(lab: BrowserLab, browser: Browser, shot: ScreenshotPage, log: (line: string) => void) {
  const params = (await shot.setup?.(lab)) ?? {};
  const context = await browser.newContext({
    baseURL: lab.base,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(60_000);
  try {
    const role = shot.as ?? 'student';
    if (role !== 'visitor') {
      // As the page would: the token exchanged for the session cookie, from the API's own origin.
      const response = await context.request.post('/api/session', {
        data: { token: await lab.token(role) },
        headers: { origin: lab.base },
      });
      if (!response.ok()) throw new Error(`sign-in as ${role} answered ${response.status()}`);
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(fillRoute(shot.route, params));
    await page.locator('main h2').first().waitFor();
    await shot.act?.(page);
    // Fonts and the last layout settled.
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    const file = join(SCREENSHOT_DIR, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (errors.length > 0) throw new Error(`${shot.name}: page errors: ${errors.join('; ')}`);
    log(`${file} (${shot.route})`);
  } finally {
    await context.close();
  }
}
