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

/**
 * The comparison page's statements and plans, in Chromium, on a real compare sandbox: per operation
 * the engines side by side, PostgreSQL's plan drawn with the console's plan tree, Redis's note.
 */
describe('web: a comparison shows each engine’s statement and query plan', () => {
  const lab = createTestLab();
  const examplesDir = mkdtempSync(join(tmpdir(), 'lab-web-compare-plans-'));
  symlinkSync(resolve('examples/compare'), join(examplesDir, 'compare'));
  let api: ControlApi;
  let browser: Browser;
  let token: string;
  let comparisonId: string;
  /** How the comparison ended, as the API said: the test first checks it succeeded. */
  let outcome: { status: number; state?: string; error?: string };

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir } });
    browser = await launchChromium();
    const client = new ApiClient(api.base);
    token = await client.issueToken(ADMIN_TOKEN, 'pia');
    const sandboxId = ((await (await call('POST', '/api/sandboxes', { example: 'compare' })).json()) as { id: string })
      .id;
    await client.waitForSandbox(token, sandboxId, (s) => s.state === 'ready', 300_000);
    const started = await call('POST', '/api/comparisons', {
      sandbox: sandboxId,
      workload: 'ycsb-c',
      engines: ['postgresql', 'redis'],
      rate: 20,
      durationSeconds: 1,
    });
    const body = (await started.json()) as { id: string; detail?: string };
    comparisonId = body.id;
    outcome = { status: started.status, state: 'running', ...(body.detail ? { error: body.detail } : {}) };
    await waitFor(
      () => outcome.state !== 'running',
      180_000,
      async () => {
        const { state, error } = (await (await call('GET', `/api/comparisons/${comparisonId}`)).json()) as {
          state?: string;
          error?: string;
        };
        outcome = { status: started.status, state, ...(error ? { error } : {}) };
      },
      1000,
    );
  }, 540_000);

  afterAll(async () => {
    await browser?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
    rmSync(examplesDir, { recursive: true, force: true });
  });

  it('draws the PostgreSQL plan as a tree of nodes and says why Redis has none', async () => {
    expect(outcome).toEqual({ status: 202, state: 'succeeded' });
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await signIn(context, api.base, token);
      await page.goto(`/compare/${comparisonId}`);
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
