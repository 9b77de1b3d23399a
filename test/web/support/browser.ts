import AxeBuilder from '@axe-core/playwright';
import { loadLabConfig } from '@lab/config';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download is unreachable
 * here, and a system browser is what a school's machine has). The set-up (`docker/clients.sh`, run
 * by `npm test`) installs it; without it the browser suites fail and say how to get one.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = loadLabConfig().chromiumPath;
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's "chromium" (apt-get install chromium; npm test does it as root) or set LAB_CHROMIUM.`,
    );
  }
  // --no-sandbox: the tests run as root, where Chromium's own sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'], timeout: 60_000 });
}

/** A fresh browser profile (its own cookies) on the API's address, failing fast on a page error. */
export async function openPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  // Generous: in the parallel test pass two browser suites and their sandboxes share 2 cores, and
  // a page once took over 30 s to show (never a measure of speed: bench -- web measures that).
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  recordEvidence(page);
  return { context, page };
}

/** What the test environment prints when a test fails (test/support/browser-evidence-environment.js). */
interface PageEvidence {
  page: Page;
  events: string[];
  /** Closed pages (a test's `finally`) stay until the next test starts: their events still tell. */
  closed: boolean;
}

/**
 * Registers the page with the test environment and keeps its last events worth knowing: with
 * them a failed wait on a CI run says what the page showed and which request went wrong.
 */
function recordEvidence(page: Page): void {
  const registry = ((globalThis as { __labBrowserPages?: Set<PageEvidence> }).__labBrowserPages ??= new Set());
  const evidence: PageEvidence = { page, events: [], closed: false };
  const note = (line: string) => {
    evidence.events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (evidence.events.length > 50) evidence.events.shift();
  };
  registry.add(evidence);
  page.on('close', () => void (evidence.closed = true));
  page.on('pageerror', (error) => note(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      note(`console ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) =>
    note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      note(`response ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) note(`navigated to ${frame.url()}`);
  });
}

/** Page errors (uncaught exceptions) a test can assert to be none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Signs the browser profile in as a page would (`POST /api/session` from the API's own origin): the
 * HttpOnly cookie lands in the context, the token never in a script's reach.
 */
export async function signIn(context: BrowserContext, baseURL: string, token: string): Promise<void> {
  const response = await context.request.post(`${baseURL}/api/session`, {
    data: { token },
    headers: { origin: new URL(baseURL).origin },
  });
  if (!response.ok()) throw new Error(`sign-in answered ${response.status()}: ${await response.text()}`);
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules).
 * `exclude`: selectors left out, e.g. the frame of a sandbox's app (the example's own Swagger UI,
 * not a page of the lab).
 */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  // A dialog fading in or a button changing colour is judged mid-way otherwise (a contrast
  // violation of a colour that is never at rest): let running transitions end. Endless ones (a
  // loader's spin) are left alone, and no wait is longer than 2 s.
  // A string: the tests' TypeScript has no DOM types; this runs in the page.
  await page.evaluate(`(() => {
    const ending = document
      .getAnimations()
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
      .map((animation) => animation.finished.catch(() => undefined));
    return Promise.race([Promise.all(ending), new Promise((done) => setTimeout(done, 2000))]);
  })()`);
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
