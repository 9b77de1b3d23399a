import { expectData } from '@lab/api-client';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { collectPageErrors, launchChromium, openPage, seriousViolations } from './support/browser';
import { fieldDescription } from './support/fields';
import { tabTo } from './support/keyboard';

/** What the page says at a field (its accessible description). */
const descriptionOf = (page: Page, label: string) => fieldDescription(page.getByLabel(label));

/** Joining a workshop from the browser: a one-seat workshop made by the admin through the API. */
describe('web join', () => {
  let api: ControlApi;
  let client: ApiClient;
  let browser: Browser;
  let workshopId: string;
  let code: string;
  let seatSandbox: string;
  let secret = '';

  beforeAll(async () => {
    api = await startControlApi();
    client = new ApiClient(api.base);
    browser = await launchChromium();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await expectData(
      client.as(ADMIN_TOKEN).POST('/api/workshops', { body: { example: 'sql-vs-nosql', seats: 1, endsAt } }),
    );
    workshopId = created.id;
    code = created.joinCode;
    seatSandbox = created.seats[0]!.sandboxId;
  });

  afterAll(async () => {
    try {
      await browser?.close();
      if (workshopId) {
        await client.call('DELETE', `workshops/${workshopId}`, { token: ADMIN_TOKEN });
        await client.waitForSandbox(ADMIN_TOKEN, seatSandbox, (sandbox) => sandbox.state === 'deleted', 120_000);
      }
    } finally {
      await api?.close();
    }
  });

  it('joins from the keyboard with the code from the link and shows the rejoin secret once', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await page.goto(`/join?code=${encodeURIComponent(code)}`);
      expect(await page.getByLabel('Workshop code').inputValue()).toBe(code);
      expect(await seriousViolations(page)).toEqual([]);

      await tabTo(page, page.getByLabel('Your name'));
      await page.keyboard.type('Ada');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'You have seat 1' }).waitFor();
      secret = await page.getByTestId('rejoin-secret').innerText();
      expect(secret.length).toBeGreaterThan(10);
      expect(await page.getByRole('button', { name: 'Copy the secret' }).isVisible()).toBe(true);
      expect(await page.getByText('Keep your rejoin secret: it is shown only this once').isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: 'Open your workspace' }).getAttribute('href')).toBe(
        `/sandboxes/${seatSandbox}`,
      );
      expect(await seriousViolations(page)).toEqual([]);

      // Signed in as the seat by the cookie, which scripts cannot read.
      const session = await (await page.request.get('/api/session')).json();
      expect(session).toEqual(expect.objectContaining({ role: 'student', via: 'cookie' }));
      expect(await page.evaluate<string>('document.cookie')).not.toContain('lab_session');

      // Shown once: the page again has the form, and nothing of the secret.
      await page.reload();
      await page.getByRole('heading', { name: 'Join a workshop' }).waitFor();
      expect(await page.content()).not.toContain(secret);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses the same name without the secret at the field, then rejoins the seat with it', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto(`/join?code=${encodeURIComponent(code)}`);
      await page.getByLabel('Your name').fill('Ada');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByText('already holds a seat', { exact: false }).first().waitFor();
      expect(await descriptionOf(page, 'Your name')).toContain('already holds a seat');

      await page.getByLabel('I joined before: rejoin my seat with my rejoin secret').check();
      await page.getByRole('textbox', { name: 'Rejoin secret' }).fill(secret);
      await page.getByRole('button', { name: 'Rejoin my seat' }).click();
      await page.getByRole('heading', { name: 'Welcome back to seat 1' }).waitFor();
      expect(await page.getByTestId('rejoin-secret').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Open your workspace' }).getAttribute('href')).toBe(
        `/sandboxes/${seatSandbox}`,
      );
    } finally {
      await context.close();
    }
  });

  it('says when the workshop is full, the code is unknown or the name is not allowed', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto(`/join?code=${encodeURIComponent(code)}`);
      await page.getByLabel('Your name').fill('Bob');
      await page.getByRole('button', { name: 'Join' }).click();
      const full = page.getByRole('alert').filter({ hasText: 'Workshop full' });
      await full.waitFor();
      expect(await full.textContent()).toContain('all 1 seats are taken');

      await page.getByLabel('Workshop code').fill('NOPE-NOPE-NOPE');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByText('No running workshop has this join code', { exact: false }).waitFor();
      expect(await descriptionOf(page, 'Workshop code')).toContain('No running workshop has this join code');

      await page.getByLabel('Your name').fill('!!');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByText('name must be 1-60 letters', { exact: false }).waitFor();
      expect(await descriptionOf(page, 'Your name')).toContain('name must be 1-60 letters');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
