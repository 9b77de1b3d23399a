import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';
import { collectCspViolations } from './support/csp';
import { downloadFrom, parseSvgInPage, pngInfo } from './support/downloads';
import { tabTo } from './support/keyboard';

/**
 * /compare and /compare/:id in Chromium on a real compare sandbox, driven from the keyboard: the
 * results table, the charts and their export, each engine's statement and query plan per operation.
 */
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

  /** Runs a comparison on the sandbox through the API; how it ended, to be checked first. */
  async function finishedComparison(body: {
    workload: string;
    engines: string[];
    rate: number;
    durationSeconds: number;
  }): Promise<{ id: string; outcome: { status: number; state?: string; error?: string } }> {
    const call = (method: string, path: string, payload?: unknown) =>
      fetch(`${api.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(payload ? { body: JSON.stringify(payload) } : {}),
      });
    const started = await call('POST', '/api/comparisons', { sandbox: sandboxId, ...body });
    const created = (await started.json()) as { id: string; detail?: string };
    let outcome: { status: number; state?: string; error?: string } = {
      status: started.status,
      state: started.status === 202 ? 'running' : undefined,
      ...(created.detail ? { error: created.detail } : {}),
    };
    await waitFor(
      () => outcome.state !== 'running',
      180_000,
      async () => {
        const { state, error } = (await (await call('GET', `/api/comparisons/${created.id}`)).json()) as {
          state?: string;
          error?: string;
        };
        outcome = { status: started.status, state, ...(error ? { error } : {}) };
      },
      500,
    );
    return { id: created.id, outcome };
  }

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

  it('charts the result per engine, switches the operation by keyboard and exports each chart as SVG and PNG', async () => {
    const engines = ['postgresql', 'mariadb', 'redis'];
    const { id, outcome } = await finishedComparison({ workload: 'ycsb-a', engines, rate: 30, durationSeconds: 2 });
    expect(outcome).toEqual({ status: 202, state: 'succeeded' });

    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      const cspViolations = collectCspViolations(page);
      await signIn(context, api.base, token);
      await page.goto(`/compare/${id}`);
      const latency = page.getByRole('img', { name: /^Latency by percentile of point-read/ });
      const throughput = page.getByRole('img', { name: /^Completed operations per second in repetition 1/ });
      const bars = page.getByRole('img', { name: /per operation, grouped by engine$/ });
      await latency.waitFor();
      for (const chart of [latency, throughput, bars]) {
        expect(
          await chart
            .locator('.series[data-series]')
            .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-series'))),
        ).toEqual(engines);
        expect(await chart.locator('.legend-entry').allTextContents()).toEqual(engines);
      }
      expect(await throughput.locator('path.series').first().getAttribute('d')).toMatch(/^M[\d.,]+(L[\d.,]+)+$/);

      // The operation select, reached with Tab and changed with an arrow key, redraws the curves.
      const before = await latency.locator('path.series').first().getAttribute('d');
      const operation = page.getByRole('combobox', { name: 'Operation' });
      await tabTo(page, operation);
      await page.keyboard.press('ArrowDown');
      const updated = page.getByRole('img', { name: /^Latency by percentile of price-change/ });
      await updated.waitFor();
      expect(await updated.locator('path.series').first().getAttribute('d')).not.toBe(before);

      const svg = await downloadFrom(page, page.getByRole('button', { name: 'Download latency chart as SVG' }));
      expect(svg.name).toBe('latency-price-change.svg');
      expect(await parseSvgInPage(page, svg.content.toString('utf8'))).toEqual({
        root: 'svg',
        parseError: null,
        series: engines,
      });
      const png = await downloadFrom(page, page.getByRole('button', { name: 'Download operations chart as PNG' }));
      expect(png.name).toBe('operations-p50.png');
      expect(pngInfo(png.content)).toEqual({ isPng: true, width: 1520, height: 760 });

      expect(await seriousViolations(page)).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('draws the PostgreSQL plan as a tree of nodes and says why Redis has none', async () => {
    const { id, outcome } = await finishedComparison({
      workload: 'ycsb-c',
      engines: ['postgresql', 'redis'],
      rate: 20,
      durationSeconds: 1,
    });
    expect(outcome).toEqual({ status: 202, state: 'succeeded' });
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await signIn(context, api.base, token);
      await page.goto(`/compare/${id}`);
      const section = page.getByRole('region', { name: 'Statements and query plans' });
      await section.getByRole('heading', { name: 'point-read' }).waitFor();
      const postgres = section.locator('[data-plans-operation="point-read"] [data-plans-engine="postgresql"]');
      await postgres.getByRole('region', { name: 'Query plan: postgresql, point-read' }).waitFor();
      expect(await postgres.locator('[data-plan-node]').first().getAttribute('data-plan-node')).toMatch(/Scan$/);
      expect(await postgres.locator('pre').first().textContent()).toContain('FROM books WHERE id = 1');
      const redis = section.locator('[data-plans-operation="point-read"] [data-plans-engine="redis"]');
      expect(await redis.textContent()).toContain('No query planner: HGETALL');
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
