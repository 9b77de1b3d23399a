import { expectData } from '@lab/api-client';
import { pollUntil } from '@lab/bench/suites/classroom/poll';
import type { Page } from 'playwright-core';
import type { BrowserLab } from '../web/lab-server';

/** Who the browser is signed in as for a shot (`visitor`: nobody). */
export type ShotRole = 'visitor' | 'student' | 'leader' | 'admin';

export interface ScreenshotPage {
  /** The file: `docs/screenshots/<name>.png`. */
  name: string;
  /** The page's path; `:key` parts are filled from what `setup` returns (e.g. `/sandboxes/:id`). */
  route: string;
  /** Signed in as (default `student`: the same student throughout the run). */
  as?: ShotRole;
  /** Makes what the page shows (a sandbox, a workshop…) through the API; returns the route's params. */
  setup?: (lab: BrowserLab) => Promise<Record<string, string> | void>;
  /** Brings the page into the state worth showing (typing, a click…), after it has loaded. */
  act?: (page: Page) => Promise<void>;
}

/**
 * Every page that `npm run screenshots` shows in the README: one entry per page (branches that add
 * a page add one entry here). Shots run in this order, each in a fresh browser profile; what a
 * setup launches is shared through the lab (`launch` / `token` are per run) and removed at the end.
 */
/** The sandbox the workspace shots show (launched by the first of them, as the admin). */
const workspace: { id?: string } = {};

async function workspaceSandbox(lab: BrowserLab): Promise<Record<string, string>> {
  workspace.id ??= (await lab.launch('sql-vs-nosql', lab.adminToken)).id;
  return { id: workspace.id };
}

export const SCREENSHOT_PAGES: ScreenshotPage[] = [
  {
    name: 'catalog',
    route: '/',
    setup: async (lab) => {
      await lab.launch('sql-vs-nosql', await lab.token('student'));
    },
    act: async (page) => {
      await page.getByRole('heading', { name: 'Your sandboxes' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'sql-vs-nosql' }).first().waitFor();
    },
  },
  {
    name: 'catalog-launch',
    route: '/',
    act: async (page) => {
      await page.getByRole('button', { name: /^Launch Caching/ }).click();
      await page
        .getByRole('list', { name: 'Provisioning steps' })
        .getByText(/— done/)
        .first()
        .waitFor();
    },
  },
  {
    name: 'sign-in',
    route: '/sign-in',
    as: 'visitor',
  },
  {
    name: 'join',
    route: '/join?code=:code',
    as: 'visitor',
    setup: async (lab) => {
      const endsAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const workshop = await expectData(
        lab.client().POST('/api/workshops', { body: { example: 'caching', seats: 2, endsAt } }),
      );
      return { code: workshop.joinCode };
    },
    act: async (page) => {
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('heading', { name: /You have seat/ }).waitFor();
    },
  },
  {
    name: 'workspace-guide',
    route: '/sandboxes/:id',
    as: 'admin',
    setup: workspaceSandbox,
    act: async (page) => {
      await page
        .getByRole('button', { name: /^Check/ })
        .first()
        .waitFor();
    },
  },
  {
    name: 'workspace-console',
    route: '/sandboxes/:id?tab=console',
    as: 'admin',
    setup: workspaceSandbox,
    act: async (page) => {
      await page
        .locator('.cm-content')
        .first()
        .fill('SELECT id, placed_at FROM orders ORDER BY placed_at DESC LIMIT 5');
      await page.getByRole('button', { name: 'Explain analyze', exact: true }).click();
      await page.getByRole('region', { name: 'Query plan' }).waitFor();
    },
  },
  {
    name: 'workspace-terminal',
    route: '/sandboxes/:id?tab=terminal',
    as: 'admin',
    setup: workspaceSandbox,
    act: async (page) => {
      await page.locator('.xterm').first().click();
      await page.keyboard.type("psql -c 'select count(*) from books'\n");
      await page.getByText('(1 row)').first().waitFor();
    },
  },
  {
    name: 'workshop-board',
    route: '/workshops/:id',
    as: 'admin',
    setup: async (lab) => {
      const endsAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const workshop = await expectData(
        lab.client().POST('/api/workshops', { body: { example: 'caching', seats: 3, endsAt } }),
      );
      return { id: workshop.id };
    },
    act: async (page) => {
      await page.getByRole('heading', { name: /Class board/ }).waitFor();
    },
  },
  {
    name: 'compare',
    route: '/compare/:id',
    as: 'admin',
    setup: async (lab) => {
      const sandbox = await lab.launch('compare', lab.adminToken);
      const client = lab.client();
      const { id } = await expectData(
        client.POST('/api/comparisons', {
          body: {
            sandbox: sandbox.id,
            workload: 'ycsb-b',
            engines: ['postgresql', 'mariadb', 'redis'],
            rate: 100,
            durationSeconds: 3,
          },
        }),
      );
      const { value } = await pollUntil(
        () => expectData(client.GET('/api/comparisons/{id}', { params: { path: { id } } })),
        (comparison) => comparison.state !== 'running',
        { timeoutMs: 300_000, intervalMs: 1_000, what: 'the comparison to finish' },
      );
      if (value.state !== 'succeeded') throw new Error(`comparison ${id} ${value.state}: ${value.error ?? ''}`);
      return { id };
    },
    act: async (page) => {
      // The charts are drawn once the results are in: wait for the last of them (an SVG, role=img).
      await page.getByRole('img', { name: /per operation, grouped by engine$/ }).waitFor();
    },
  },
  {
    name: 'admin-system',
    route: '/admin/system',
    as: 'admin',
    act: async (page) => {
      // Not the hour chart: it appears only after two minutes of samples. The tables are always there.
      await page.getByRole('table', { name: 'Sandboxes by state' }).waitFor();
      await page.getByText('Provisioning p50').waitFor();
    },
  },
];
