import { expectData } from '@lab/api-client';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';

/** The admin pages in Chromium: tokens, the catalog's health and the system summary. */
describe('web: admin pages', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page; errors: string[] };
  let student: string;
  let launched: { id: string; expiresAt: string };

  beforeAll(async () => {
    // The fixture catalog: one valid example (tiny-sql) and one broken manifest.
    api = await startControlApi({ config: { examplesDir: join(__dirname, '../fixtures/examples') } });
    client = new ApiClient(api.base);
    browser = await launchChromium();
    const opened = await openPage(browser, api.base);
    await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.base });
    admin = { ...opened, errors: collectPageErrors(opened.page) };
    await signIn(admin.context, api.base, ADMIN_TOKEN);
  });

  afterAll(async () => {
    await admin?.context.close();
    await browser?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('issues a token by keyboard, shows it once with a copy button, and revokes it', async () => {
    const { page } = admin;
    await page.goto('/admin/tokens');
    const name = page.getByRole('textbox', { name: /^Name/ });
    await name.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Give the token a name').waitFor();
    await page.keyboard.type('Grace');
    await page.keyboard.press('Enter');

    const shown = page.getByRole('status').filter({ hasText: 'Token for Grace (student)' });
    const token = (await shown.getByLabel('The new token').innerText()).trim();
    expect(token).toMatch(/^lab_/);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    // Evaluated in the page (the tests' own types have no DOM).
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
    expect(await seriousViolations(page)).toEqual([]);
    const asGrace = () => fetch(`${api.base}/api/sandboxes`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asGrace()).status).toBe(200);

    // Never shown again: not after a reload, only its row.
    await page.reload();
    const row = page.getByRole('row', { name: /^Grace student/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke Grace' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Revoke Grace?' }).waitFor();
    await page.keyboard.press('Enter');
    await row.getByText('revoked').waitFor();
    expect((await asGrace()).status).toBe(401);
  });

  it('shows the catalog: examples with their services, and the manifest that failed with file and path', async () => {
    const { page } = admin;
    await page.goto('/admin/catalog');
    const example = page.getByRole('row', { name: /Tiny SQL/ });
    await example.getByText('postgres: postgres, ports 5432').waitFor();
    const problem = page.getByRole('row', { name: /broken-port\/lab\.yaml/ });
    expect(await problem.getByText('services.0.ports.0').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the system: engine and database up, sandboxes by state and provisioning times from the metrics', async () => {
    student = await client.issueToken(ADMIN_TOKEN, 'sys-student');
    // Four minutes to live: the next test's banner warns about it.
    launched = await expectData(
      client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql', ttlMinutes: 4 } }),
    );
    await client.waitForSandbox(student, launched.id, (sandbox) => sandbox.state === 'ready', 180_000);

    const summary = await expectData(client.as(ADMIN_TOKEN).GET('/api/system'));
    expect(summary).toMatchObject({
      docker: { status: 'up' },
      database: { status: 'up', kind: 'sqlite' },
      provisioning: { count: 1, p50Seconds: expect.any(Number), p95Seconds: expect.any(Number) },
      operations: { running: expect.any(Number), queued: 0 },
    });
    expect(summary.sandboxes).toContainEqual({ state: 'ready', count: 1 });
    expect(summary.samples.length).toBeGreaterThan(0);
    const leader = await client.issueToken(ADMIN_TOKEN, 'sys-leader', 'leader');
    expect((await client.call('GET', 'system', { token: leader })).status).toBe(403);

    const { page } = admin;
    await page.goto('/admin/system');
    await page.getByRole('heading', { name: 'System' }).waitFor();
    expect(await page.getByText('Docker engine').isVisible()).toBe(true);
    expect(await page.getByText('State database (sqlite)').isVisible()).toBe(true);
    await page.getByRole('row', { name: 'ready 1' }).waitFor();
    expect(
      await page
        .getByText(`${summary.provisioning.p50Seconds!.toFixed(1)} s`)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await page.getByText('Provisioning times over 1 sandbox(es)').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(admin.errors).toEqual([]);
  });

  it('warns a student whose sandbox expires within 5 minutes, and extends it with one click', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await signIn(context, api.base, student);
      await page.goto('/');
      const banner = page.getByRole('alert').filter({ hasText: 'Your sandbox is about to be removed' });
      await banner.getByText(new RegExp(`${launched.id}\\) expires in [1-4] minutes`)).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await banner.getByRole('button', { name: 'Extend by 30 minutes' }).focus();
      await page.keyboard.press('Enter');
      await banner.waitFor({ state: 'detached' });
      const extended = await expectData(
        client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id: launched.id } } }),
      );
      expect(new Date(extended.expiresAt).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    } finally {
      await context.close();
    }
  });
});
