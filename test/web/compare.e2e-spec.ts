import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';

/** /compare and /compare/:id in Chromium on a real compare sandbox, driven from the keyboard. */
describe('web: compare pages', () => {
  const lab = createTestLab();
  const examplesDir = mkdtempSync(join(tmpdir(), 'lab-web-compare-'));
  symlinkSync(resolve('examples/compare'), join(examplesDir, 'compare'));
  let api: ControlApi;
  let browser: Browser;
  let token: string;
  let sandboxId: string;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir } });
    browser = await launchChromium();
    const client = new ApiClient(api.base);
    token = await client.issueToken(ADMIN_TOKEN, 'cora');
    const launched = await fetch(`${api.base}/api/sandboxes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ example: 'compare' }),
    });
    sandboxId = ((await launched.json()) as { id: string }).id;
    await client.waitForSandbox(token, sandboxId, (s) => s.state === 'ready', 300_000);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
    rmSync(examplesDir, { recursive: true, force: true });
  });

  it('starts a comparison from the keyboard and shows its numbers per engine × operation', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await signIn(context, api.base, token);
      await page.goto('/compare');
      await page.getByRole('heading', { name: 'Compare databases' }).waitFor();
      await page
        .getByRole('textbox', { name: 'Sandbox' })
        .or(page.getByRole('combobox', { name: 'Sandbox' }))
        .first()
        .click();
      await page.getByRole('option', { name: new RegExp(sandboxId) }).click();
      await page
        .getByRole('textbox', { name: 'Workload' })
        .or(page.getByRole('combobox', { name: 'Workload' }))
        .first()
        .click();
      await page.getByRole('option', { name: 'ycsb-c' }).click();
      // Only Redis and MariaDB: uncheck PostgreSQL.
      await page.getByRole('checkbox', { name: 'postgresql', exact: true }).uncheck();
      await page.getByLabel('Rate (operations per second)').fill('20');
      await page.getByLabel('Duration (seconds per repetition)').fill('1');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Start comparison' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/compare\/[0-9a-f-]{36}$/);
      await page.getByText('succeeded').waitFor({ timeout: 180_000 });
      const rows = page.getByRole('row');
      await rows.filter({ hasText: 'redis' }).first().waitFor();
      expect(await rows.filter({ hasText: 'point-read' }).count()).toBe(2);
      expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toMatch(/report\.csv$/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
