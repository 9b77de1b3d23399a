import { expectData } from '@lab/api-client';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { collectPageErrors, launchChromium, openPage, seriousViolations } from './support/browser';
import { fieldDescription } from './support/fields';
import { tabTo } from './support/keyboard';

/** Signing in and out from the web app with real tokens, and how it reads when things go wrong. */
describe('web sign-in', () => {
  let api: ControlApi;
  let client: ApiClient;
  let browser: Browser;
  let apiStopped = false;

  /** A new student token (and its id, to revoke it). */
  const studentToken = async (name: string) =>
    expectData(client.as(ADMIN_TOKEN).POST('/api/tokens', { body: { name, role: 'student' } }));

  beforeAll(async () => {
    api = await startControlApi();
    client = new ApiClient(api.base);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (!apiStopped) await api?.close();
  });

  it('signs in from the keyboard with an HttpOnly cookie scripts cannot read, and signs out', async () => {
    const { token } = await studentToken('grace');
    const { context, page } = await openPage(browser, api.base);
    try {
      const errors = collectPageErrors(page);
      await page.goto('/sign-in?next=%2Fno-such-page');
      const field = page.getByLabel('Access token');
      await field.waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await tabTo(page, field);
      await page.keyboard.type(token);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'No such page' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/no-such-page');
      await page.getByText('grace (student)').waitFor();

      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'lab_session')).toEqual(
        expect.objectContaining({ httpOnly: true, sameSite: 'Strict' }),
      );
      expect(await page.evaluate<string>('document.cookie')).not.toContain('lab_session');
      // Nothing of the token in the page's storage either.
      const stored = await page.evaluate<string>(
        'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
      );
      expect(stored).not.toContain(token);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect((await page.request.get('/api/session')).status()).toBe(401);
      expect(await page.getByText(/session has ended/).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a refused token at the field', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto('/sign-in');
      const field = page.getByLabel('Access token');
      await field.fill('lab_not-a-real-token-0123456789');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('The token is not valid: unknown, expired or revoked.').waitFor();
      // Said at the field: the input's accessible description is the error.
      expect(await fieldDescription(field)).toContain('The token is not valid');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says the session has ended, with a link to sign in again, when its token is revoked', async () => {
    const { token, id } = await studentToken('hopper');
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto('/sign-in');
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Your sandboxes' }).waitFor();

      await expectData(client.as(ADMIN_TOKEN).DELETE('/api/tokens/{id}', { params: { path: { id } } }));
      await page.reload();
      const banner = page.getByRole('alert').filter({ hasText: 'Your session has ended — sign in again' });
      await banner.waitFor();
      expect(await banner.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/sign-in?next=%2F');
      // The catalog is public: it is still there under the banner.
      await page.getByRole('heading', { name: 'Examples' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  // Last: it stops this file's API.
  it('says the API cannot be reached when it is down, never a blank page', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      await page.goto('/sign-in');
      await page.getByLabel('Access token').fill('lab_whatever-0123456789');
      await api.close();
      apiStopped = true;

      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The lab’s API cannot be reached' }).waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);

      // Another page of the app, its code or its data unreachable: the same words.
      await page.getByRole('link', { name: 'Catalog' }).click();
      const unreachable = page.getByRole('alert').filter({ hasText: 'The lab’s API cannot be reached' });
      await unreachable.waitFor({ timeout: 30_000 });
      expect(await unreachable.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
