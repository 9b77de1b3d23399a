import { expectData } from '@lab/api-client';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { collectPageErrors, launchChromium, openPage, seriousViolations } from './support/browser';
import { tabTo } from './support/keyboard';
import { sessionProbe, typeCommand, waitConnected, waitForScreen } from './support/terminal-page';

/** The frame of the app's docs: the example's own Swagger UI, which axe checks are not about. */
const APP_FRAME = 'iframe[title^="API docs of"]';

/**
 * Issue 11 §5, a student's whole journey in Chromium: a leader makes a one-seat sql-vs-nosql
 * workshop through the API; the student joins it at `/join`, finds the seat's sandbox ready,
 * completes two steps with nothing but the page (console + Check), runs `psql -c 'select 1'` in the
 * terminal, opens the app's docs through the proxy, resets, and sees a step fail again. The tests
 * are the journey's stages, in order, on one page.
 */
describe('web: a student’s journey through a workshop', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let leader: string;
  let workshopId: string;
  let code: string;
  let seat: SandboxView;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  const stepCard = (title: RegExp) => page.getByRole('region', { name: title });
  const editor = () => page.getByRole('textbox', { name: /^Statement for postgres/ });

  async function openTab(name: string): Promise<void> {
    await page.getByRole('tab', { name, exact: true }).click();
    await page.getByRole('tab', { name, selected: true }).waitFor();
  }

  /** Checks a step from its card; the result line the page shows for this (newer) check. */
  async function check(card: Locator): Promise<string> {
    const previous = card.locator('[data-checked-at]');
    const before = (await previous.count()) === 0 ? '' : await previous.getAttribute('data-checked-at');
    await card.getByRole('button', { name: 'Check' }).click();
    const result = card.locator(`[data-checked-at]:not([data-checked-at="${before}"])`);
    await result.waitFor({ timeout: 30_000 });
    return result.innerText();
  }

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'examples' } });
    client = new ApiClient(api.base);
    leader = await client.issueToken(ADMIN_TOKEN, 'journey-leader', 'leader');
    const endsAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const workshop = await expectData(
      client.as(leader).POST('/api/workshops', { body: { example: 'sql-vs-nosql', seats: 1, endsAt } }),
    );
    workshopId = workshop.id;
    code = workshop.joinCode;
    seat = await client.waitForSandbox(leader, workshop.seats[0]!.sandboxId, (s) => s.state === 'ready', 240_000);
    browser = await launchChromium();
    ({ context, page } = await openPage(browser, api.base));
    pageErrors = collectPageErrors(page);
  }, 300_000);

  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    try {
      await context?.close();
      await browser?.close();
      if (workshopId) await client.call('DELETE', `workshops/${workshopId}`, { token: leader });
      await api?.close();
    } finally {
      for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
        await lab.runtime.destroy(status.id);
      }
      await lab.reap();
    }
  });

  it('joins with the code from the link and opens the seat’s workspace, ready', async () => {
    await page.goto(`/join?code=${encodeURIComponent(code)}`);
    await tabTo(page, page.getByLabel('Your name'));
    await page.keyboard.type('Grace');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You have seat 1' }).waitFor();
    await page.getByRole('link', { name: 'Open your workspace' }).click();
    await page.waitForURL(`**/sandboxes/${seat.id}`);
    await page.getByRole('heading', { name: 'SQL vs NoSQL', level: 2 }).waitFor();
    await page.getByText('State: ready', { exact: true }).waitFor();
    expect(await sessionProbe(page)).toMatch(/^read 200: .*Grace/);
  });

  it('completes two steps with the console and Check', async () => {
    const index = stepCard(/An index changes the plan/);
    expect(await check(index)).toMatch(/^Failed/);
    await index.getByRole('button', { name: 'Open in console' }).click();
    await page.getByRole('tab', { name: 'Console', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Done: 0 rows affected · .* ms$/).waitFor();
    await editor().fill('UPDATE books SET stock = 0 WHERE id = 21');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Done: 1 row affected · .* ms$/).waitFor();

    await openTab('Guide');
    expect(await check(index)).toMatch(/^Passed/);
    expect(await check(stepCard(/All or nothing/))).toMatch(/^Passed/);
    await page.getByText('2 of 6 steps passed').waitFor();
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('33');
  });

  it('runs psql -c "select 1" in the terminal', async () => {
    await openTab('Terminal');
    await waitConnected(page);
    await typeCommand(page, `psql -c 'select 1'`);
    expect(await waitForScreen(page, /\(1 row\)/)).toMatch(/^\s+1\s*$/m);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the app’s docs through the proxy', async () => {
    await openTab('App');
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'Open the API docs (/docs) in a new tab' }).click(),
    ]);
    await tab.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(new URL(tab.url()).pathname).toMatch(new RegExp(`^/api/sandboxes/${seat.id}/app/~[A-Za-z0-9_-]{43}/docs`));
    expect(await tab.locator('.opblock').count()).toBeGreaterThan(3);
    await tab.close();
    // The lab's page around the frame; the frame holds the example's own Swagger UI.
    expect(await seriousViolations(page, [APP_FRAME])).toEqual([]);
  });

  it('resets the sandbox from the page, and a passed step fails its check again', async () => {
    await openTab('Guide');
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset this sandbox?' });
    await dialog.getByRole('button', { name: 'Reset to seed' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const reset = await client.waitForSandbox(leader, seat.id, resetDone, 180_000);
    expect(reset.lastReset).toMatchObject({ state: 'done' });
    await page.getByText('State: ready', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await check(stepCard(/An index changes the plan/))).toMatch(/^Failed/);
    expect(pageErrors).toEqual([]);
  });
});

/** The sandbox is ready again after a reset that finished. */
function resetDone(view: SandboxView): boolean {
  return view.state === 'ready' && view.lastReset?.state === 'done';
}
