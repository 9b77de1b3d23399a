import { expectData, LabApiError } from '@lab/api-client';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';
import { tabTo } from './support/keyboard';

/** The catalog in the browser: public cards, a launch with its provisioning live, a quota's refusal. */
describe('web catalog', () => {
  let api: ControlApi;
  let client: ApiClient;
  let browser: Browser;
  let student: string;
  let title: string;
  const launched: string[] = [];

  beforeAll(async () => {
    // One sandbox per student: the second launch is the quota's refusal.
    api = await startControlApi({ config: { quota: { perUser: 1, total: 40 } } });
    client = new ApiClient(api.base);
    browser = await launchChromium();
    student = await client.issueToken(ADMIN_TOKEN, 'katherine');
    const examples = await expectData(client.as().GET('/api/examples'));
    title = examples.find((example) => example.name === 'sql-vs-nosql')!.title;
  });

  afterAll(async () => {
    try {
      await browser?.close();
      for (const id of launched) {
        await client.call('DELETE', `sandboxes/${id}`, { token: ADMIN_TOKEN });
        await client.waitForSandbox(ADMIN_TOKEN, id, (sandbox) => sandbox.state === 'deleted', 120_000);
      }
    } finally {
      await api?.close();
    }
  });

  it('shows every example to a visitor, and launching asks to sign in', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto('/');
      const card = page.getByRole('article', { name: title, exact: true });
      await card.waitFor();
      expect(await card.textContent()).toContain('postgres');
      const signInToLaunch = card.getByRole('link', { name: `Sign in to launch ${title}`, exact: true });
      expect(await signInToLaunch.getAttribute('href')).toBe('/sign-in?next=/');
      expect(await page.getByRole('heading', { name: 'Your sandboxes' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('launches sql-vs-nosql from the keyboard, shows the provisioning steps live and opens the workspace', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await signIn(context, api.base, student);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Your sandboxes' }).waitFor();
      await page.getByText('None yet', { exact: false }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await tabTo(page, page.getByRole('button', { name: `Launch ${title}`, exact: true }));
      await page.keyboard.press('Enter');
      const steps = page.getByRole('list', { name: 'Provisioning steps' });
      await steps.waitFor();
      expect(await steps.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
      await steps.getByText('Private network — done').waitFor();
      expect(await steps.textContent()).toContain('Service postgres');

      await page.waitForURL(/\/sandboxes\/sb-[0-9a-f]+$/, { timeout: 170_000 });
      const id = new URL(page.url()).pathname.split('/').pop()!;
      launched.push(id);
      const sandbox = await expectData(client.as(student).GET('/api/sandboxes/{id}', { params: { path: { id } } }));
      expect(sandbox).toEqual(expect.objectContaining({ example: 'sql-vs-nosql', state: 'ready' }));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lists the running sandbox and shows a quota refusal with its title and detail', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await signIn(context, api.base, student);
      await page.goto('/');
      const row = page.getByRole('row').filter({ hasText: launched[0]! });
      await row.waitFor();
      expect(await row.textContent()).toContain('ready');
      expect(await row.getByRole('link').getAttribute('href')).toBe(`/sandboxes/${launched[0]}`);

      const refused = await expectData(
        client.as(student).POST('/api/sandboxes', { body: { example: 'sql-vs-nosql' } }),
      ).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(LabApiError);
      const problem = (refused as LabApiError).problem!;
      expect((refused as LabApiError).status).toBe(429);

      await page.getByRole('button', { name: `Launch ${title}`, exact: true }).click();
      const alert = page.getByRole('alert').filter({ hasText: problem.title });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(problem.detail);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
