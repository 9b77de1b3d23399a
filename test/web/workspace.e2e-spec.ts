import { expectData } from '@lab/api-client';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';

// The workspace page on a real sql-vs-nosql sandbox, driven in Chromium as its student: the lab's
// steps done with nothing but the page (console + Check), an engine error's position, a plan tree,
// the Ctrl+Enter shortcut from the keyboard, a reset that makes a passed step fail again, and axe
// on every tab this page owns. One API and one sandbox for the file; the tests run in order.
describe('web: the workspace of a sandbox', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let student: string;
  let sandbox: SandboxView;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  /** The step's card in the guide (a region named by its title). */
  const stepCard = (title: RegExp) => page.getByRole('region', { name: title });
  const editor = () => page.getByRole('textbox', { name: /^Statement for postgres/ });

  async function openTab(name: string): Promise<void> {
    await page.getByRole('tab', { name }).click();
    await page.getByRole('tab', { name, selected: true }).waitFor();
  }

  /** Replaces the editor's text (as a paste would) and runs it with a button of the console. */
  async function runStatement(statement: string, button = 'Run'): Promise<void> {
    await editor().fill(statement);
    await page.getByRole('button', { name: button, exact: true }).click();
  }

  /** Checks a step from its card and returns the result line the page then shows (a newer check's). */
  async function check(card: Locator): Promise<string> {
    const previous = card.locator('[data-checked-at]');
    const before = (await previous.count()) === 0 ? '' : await previous.getAttribute('data-checked-at');
    await card.getByRole('button', { name: 'Check' }).click();
    const result = card.locator(`[data-checked-at]:not([data-checked-at="${before}"])`);
    await result.waitFor({ timeout: 30_000 });
    return result.innerText();
  }

  beforeAll(async () => {
    // The header's countdown below counts on these lifetimes.
    api = await startControlApi({ config: { examplesDir: 'examples', ttl: { defaultMinutes: 120, maxMinutes: 480 } } });
    client = new ApiClient(api.base);
    student = await client.issueToken(ADMIN_TOKEN, 'ada');
    const launched = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'sql-vs-nosql' } }));
    browser = await launchChromium();
    sandbox = await client.waitForSandbox(student, launched.id, (view) => view.state === 'ready', 240_000);
    ({ context, page } = await openPage(browser, api.base));
    pageErrors = collectPageErrors(page);
    await signIn(context, api.base, student);
  }, 300_000);

  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    try {
      await context?.close();
      await browser?.close();
      await api?.close();
    } finally {
      for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
        await lab.runtime.destroy(status.id);
      }
      await lab.reap();
    }
  });

  it('opens on the guide: example name, state, time left and every step with a Check', async () => {
    await page.goto(`/sandboxes/${sandbox.id}`);
    await page.getByRole('heading', { name: 'SQL vs NoSQL', level: 2 }).waitFor();
    expect(await page.getByText('State: ready', { exact: true }).count()).toBe(1);
    expect(await page.getByText(/^Time left: \d+:\d\d(:\d\d)?$/).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Guide', selected: true }).count()).toBe(1);
    await stepCard(/An index changes the plan/).waitFor();
    expect(await page.getByRole('button', { name: 'Check' }).count()).toBe(6);
    expect(await page.getByText('0 of 6 steps passed').count()).toBe(1);
    // The Markdown is rendered: the step's SQL sits in a code block, not as raw backticks.
    expect(
      await stepCard(/An index changes the plan/)
        .locator('pre code')
        .first()
        .innerText(),
    ).toContain('CREATE INDEX orders_placed_at_idx');
  });

  it('completes two steps with the console and Check, and shows the progress', async () => {
    const index = stepCard(/An index changes the plan/);
    expect(await check(index)).toMatch(/^Failed/);

    // The step's SQL block goes to the console with its button; the student runs it there.
    await index.getByRole('button', { name: 'Open in console' }).click();
    await page.getByRole('tab', { name: 'Console', selected: true }).waitFor();
    expect(await editor().innerText()).toBe('CREATE INDEX orders_placed_at_idx ON orders (placed_at DESC)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Done: 0 rows affected · .* ms$/).waitFor();
    await runStatement('UPDATE books SET stock = 0 WHERE id = 21');
    await page.getByText(/^Done: 1 row affected · .* ms$/).waitFor();

    await openTab('Guide');
    expect(await check(index)).toMatch(/^Passed/);
    expect(await check(stepCard(/All or nothing/))).toMatch(/^Passed/);
    await page.getByText('2 of 6 steps passed').waitFor();
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('33');
  });

  it('shows an engine error with its code and marks its position in the editor', async () => {
    await openTab('Console');
    await runStatement("SELECT id FROM books WHERE titel = 'x'");
    const alert = page.getByRole('alert').filter({ hasText: 'Statement failed' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('column "titel" does not exist');
    expect(await alert.innerText()).toContain('Code: 42703');
    expect(await alert.innerText()).toContain('At character 28 (line 1, column 28)');
    expect(await page.locator('.cm-lab-error').innerText()).toBe('titel');
  });

  it('shows EXPLAIN ANALYZE as a tree with costs, estimated and actual rows', async () => {
    await runStatement('SELECT id FROM orders ORDER BY placed_at DESC LIMIT 5', 'Explain analyze');
    const plan = page.getByRole('region', { name: 'Query plan' });
    await plan.waitFor();
    const limit = plan.locator('[data-plan-node="Limit"]');
    expect(await limit.innerText()).toMatch(/cost \d+\.\d\d\.\.\d+\.\d\d.*est\. rows 5.*actual rows 5/s);
    // A tree, not one line: the Limit has the node it reads from under it.
    expect(await plan.locator('li li [data-plan-node]').count()).toBeGreaterThanOrEqual(1);
    expect(await plan.innerText()).toContain('Execution Time');
  });

  it('lists the statements in the history and loads one into the editor', async () => {
    const entry = page.getByRole('button', { name: /UPDATE books SET stock = 0 WHERE id = 21/ });
    await entry.first().click();
    let text = '';
    await waitFor(
      () => text === 'UPDATE books SET stock = 0 WHERE id = 21',
      5_000,
      async () => {
        text = await editor().innerText();
      },
    ).catch(() => undefined);
    expect(text).toBe('UPDATE books SET stock = 0 WHERE id = 21');
  });

  it('runs a statement typed from the keyboard with Ctrl+Enter', async () => {
    await page.goto(`/sandboxes/${sandbox.id}?tab=guide`);
    await page.getByRole('tab', { name: 'Guide', selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Console', selected: true }).waitFor();
    await tabUntil(page, editor());
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT 6 * 7 AS answer');
    await page.keyboard.press('Control+Enter');
    const grid = page.getByRole('table', { name: 'Query result' });
    await grid.waitFor();
    expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual(['answer']);
    expect(await grid.getByRole('cell').allInnerTexts()).toEqual(['42']);
    expect(await editor().innerText()).toBe('SELECT 6 * 7 AS answer');
  });

  it('has no serious accessibility violation on the guide, console, connection and logs tabs', async () => {
    const found: Record<string, unknown[]> = {};
    // The console as left by the test before: a result grid under the editor.
    found['console'] = await seriousViolations(page);
    await openTab('Guide');
    await stepCard(/An index changes the plan/).waitFor();
    found['guide'] = await seriousViolations(page);
    await openTab('Connection');
    await page.getByRole('button', { name: 'Copy postgres url' }).waitFor();
    found['connection'] = await seriousViolations(page);
    await openTab('Logs');
    await page.getByRole('log', { name: 'Log of postgres' }).locator('[data-stream]').first().waitFor();
    found['logs'] = await seriousViolations(page);
    expect(found).toEqual({ console: [], guide: [], connection: [], logs: [] });
  });

  it('extends the sandbox from the header, and the countdown follows', async () => {
    await page.goto(`/sandboxes/${sandbox.id}?tab=connection`);
    await page.getByText('State: ready', { exact: true }).waitFor();
    const before = await expectData(
      client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } }),
    );
    await page.getByLabel('Extend by').selectOption('60');
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    let after = before;
    await waitFor(
      () => after.expiresAt !== before.expiresAt,
      15_000,
      async () => {
        after = await expectData(
          client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } }),
        );
      },
    );
    expect(Date.parse(after.expiresAt) - Date.parse(before.expiresAt)).toBeGreaterThanOrEqual(55 * 60_000);
    // 120 minutes at launch, plus 60: the header counts down from about three hours now.
    await page.getByText(/^Time left: 2:5\d:\d\d$/).waitFor();
  });

  it('says so when the sandbox does not exist, and offers to sign in when signed out', async () => {
    await page.goto('/sandboxes/sb-0000000000000000');
    const missing = page.getByRole('alert').filter({ hasText: 'No such sandbox' });
    await missing.waitFor();
    expect(await missing.getByRole('link', { name: 'Open the catalog' }).count()).toBe(1);

    const stranger = await openPage(browser, api.base);
    try {
      await stranger.page.goto(`/sandboxes/${sandbox.id}`);
      const alert = stranger.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
      expect(await stranger.page.getByRole('heading', { name: 'SQL vs NoSQL' }).count()).toBe(0);
    } finally {
      await stranger.context.close();
    }
  });

  it('resets from the page after a confirmation, and a passed step then fails its check', async () => {
    await page.goto(`/sandboxes/${sandbox.id}?tab=guide`);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset this sandbox?' });
    await dialog.getByRole('button', { name: 'Reset to seed' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const reset = await client.waitForSandbox(student, sandbox.id, resetDone, 180_000);
    expect(reset.lastReset).toMatchObject({ state: 'done', method: 'restore' });
    await page.getByText('State: ready', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await check(stepCard(/An index changes the plan/))).toMatch(/^Failed/);
    expect(pageErrors).toEqual([]);
  });
});

/** The sandbox is ready again after a reset that finished. */
function resetDone(view: SandboxView): boolean {
  return view.state === 'ready' && view.lastReset?.state === 'done';
}

/** Presses Tab until `target` has the focus (at most a dozen times), as a keyboard user would. */
async function tabUntil(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 12; presses += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the keyboard never reached the target');
}
