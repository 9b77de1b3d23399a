import { BenchReport, BenchRow, machineEnvironment, summarize, type SuiteContext } from '@lab/bench';
import type { LabConfig } from '@lab/config';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { fillRoute, launchSystemChromium } from '../screenshots/screenshots.command';
import { firstPageWeight } from './first-page';
import { BrowserLab, WEB_BUILD } from './lab-server';

const KiB = 1024;
/** The issue's budget for the first page's JavaScript, gzipped. */
export const FIRST_PAGE_BUDGET_KIB = 500;
const FLOOR_FILE = 'bench-floor.html';
const FLOOR = 'blank page (floor)';

interface TimedPage {
  name: string;
  route: string;
  /** The element whose being visible and enabled makes the page interactive (a CSS selector). */
  selector: string;
  /** A ready sandbox of this example fills `:id` in the route. */
  sandbox?: string;
  signedIn: boolean;
}

/**
 * The pages timed from navigation start to their first useful control visible and enabled. The
 * workspace's entry names its first control once that page lands (its placeholder has a heading).
 */
export const WEB_BENCH_PAGES: TimedPage[] = [
  { name: FLOOR, route: `/assets/${FLOOR_FILE}`, selector: '#ready', signedIn: false },
  { name: 'catalog', route: '/', selector: 'button[aria-label^="Launch "]', signedIn: true },
  // The guide's first button (a step's Check or "Open in console"): the workspace can be used.
  {
    name: 'workspace',
    route: '/sandboxes/:id',
    selector: 'main [role="tabpanel"] button',
    sandbox: 'sql-vs-nosql',
    signedIn: true,
  },
];

/**
 * `npm run bench -- web`: the weight of the first page's JavaScript (the initial chunks of
 * index.html, gzipped; the editor and terminal must not be among them) and the time to interactive
 * of the catalog and of a workspace in Chromium, each load in a fresh profile (a first visit),
 * p50 over the runs against a floor measured in the same run: a blank page with one button,
 * served by the same API.
 */
export async function webSuite(context: SuiteContext, config: LabConfig): Promise<BenchReport> {
  const { log } = context;
  const runs = Math.max(5, context.runs);
  const started = Date.now();
  const lab = await BrowserLab.start(config, log);
  const floorPath = join(WEB_BUILD, 'assets', FLOOR_FILE);
  let browser: Browser | undefined;
  try {
    const weight = firstPageWeight(WEB_BUILD);
    writeFileSync(
      floorPath,
      '<!doctype html><html lang="en"><title>floor</title><button id="ready">ready</button></html>\n',
    );
    const student = await lab.token('student', 'bench-student');
    const params: Record<string, string> = {};
    for (const page of WEB_BENCH_PAGES) {
      if (page.sandbox && !params.id) params.id = (await lab.launch(page.sandbox, student)).id;
    }
    browser = await launchSystemChromium(config);
    const samples = new Map<string, number[]>(WEB_BENCH_PAGES.map((page) => [page.name, []]));
    // One unmeasured round first (disk cache of the server, Chromium's own start-up), then the
    // pages alternate so that drift of the machine hits each alike.
    for (let run = -1; run < runs; run++) {
      for (const page of WEB_BENCH_PAGES) {
        const ms = await timeToInteractive(browser, lab, page, params, student);
        if (run >= 0) samples.get(page.name)!.push(ms);
      }
      log(
        `run ${run + 1}/${runs}: ${WEB_BENCH_PAGES.map((page) => `${page.name} ${samples.get(page.name)!.at(-1)?.toFixed(0) ?? '-'} ms`).join(', ')}`,
      );
    }
    const rows: BenchRow[] = WEB_BENCH_PAGES.map((page) => ({
      name: page.name === FLOOR ? FLOOR : `${page.name}: time to interactive`,
      summary: summarize(samples.get(page.name)!),
      ...(page.name === FLOOR ? {} : { floor: FLOOR }),
    }));
    const kib = (bytes: number) => (bytes / KiB).toFixed(1);
    const withinBudget = weight.scriptGzipBytes <= FIRST_PAGE_BUDGET_KIB * KiB;
    const report: BenchReport & { firstPage: typeof weight & { budgetKiB: number; withinBudget: boolean } } = {
      suite: 'web',
      startedAt: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      environment: machineEnvironment({ runs, browser: `Chromium ${browser.version()}` }),
      rows,
      firstPage: { ...weight, budgetKiB: FIRST_PAGE_BUDGET_KIB, withinBudget },
      notes: [
        `First page JavaScript: ${kib(weight.scriptGzipBytes)} KiB gzipped in ${weight.scripts.length} file(s) (${weight.scripts.map((file) => `${file.file} ${kib(file.gzipBytes)} KiB`).join(', ')}); budget ${FIRST_PAGE_BUDGET_KIB} KiB: ${withinBudget ? 'within' : 'OVER'}. CSS: ${kib(weight.styleGzipBytes)} KiB gzipped.`,
        weight.lazyOnlyInFirstPage.length === 0
          ? 'The editor, terminal and charts are not in the first page (checked in the initial chunks’ source maps).'
          : `NOT LAZY: ${weight.lazyOnlyInFirstPage.slice(0, 5).join(', ')} in the first page.`,
        'Time to interactive: navigation start → the page’s first control visible and enabled (catalog: a "Launch" button; workspace: the guide’s first button), each load in a fresh browser profile (nothing cached), signed in by the session cookie.',
        `Floor: a blank page with one button served by the same API (/assets/${FLOOR_FILE}).`,
      ],
    };
    return report;
  } finally {
    rmSync(floorPath, { force: true });
    await browser?.close();
    await lab.close();
  }
}

/**
 * Runs in the page before its own scripts (plain JavaScript: this file has no DOM types): records
 * `performance.now()` (0 = navigation start) the first time the selected element is in the layout,
 * visible, enabled and not loading.
 */
const WATCH_INTERACTIVE = `(selector) => {
  const record = () => {
    const element = document.querySelector(selector);
    if (!element || element.disabled || element.hasAttribute('data-loading')) return false;
    if (element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') return false;
    window.__labInteractive = performance.now();
    return true;
  };
  const observer = new MutationObserver(() => record() && observer.disconnect());
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}`;

/** One first visit: milliseconds from navigation start until `page.selector` is visible and enabled. */
async function timeToInteractive(
  browser: Browser,
  lab: BrowserLab,
  page: TimedPage,
  params: Record<string, string>,
  token: string,
): Promise<number> {
  const context = await browser.newContext({ baseURL: lab.base, viewport: { width: 1280, height: 800 } });
  try {
    if (page.signedIn) {
      const response = await context.request.post('/api/session', { data: { token }, headers: { origin: lab.base } });
      if (!response.ok()) throw new Error(`sign-in answered ${response.status()}`);
    }
    // Watched inside the page, so the moment is the page's own clock (0 = navigation start), not
    // when a poll from here happened to look.
    await context.addInitScript({ content: `(${WATCH_INTERACTIVE})(${JSON.stringify(page.selector)});` });
    const tab = await context.newPage();
    await tab.goto(fillRoute(page.route, params));
    // A function, not a string: the page's CSP forbids evaluating strings.
    const handle = await tab.waitForFunction(
      () => (globalThis as unknown as { __labInteractive?: number }).__labInteractive,
      undefined,
      { timeout: 60_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}
