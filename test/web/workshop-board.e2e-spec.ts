import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { collectPageErrors, launchChromium, openPage, seriousViolations, signIn } from './support/browser';

const SEATS = 3;
const STEP = 'price-fan-out';
const STEP_TITLE = /^Change a price/;

interface Student {
  name: string;
  context: BrowserContext;
  seat: number;
  sandboxId: string;
}

/**
 * A leader runs a class of three from the browser (real seats on Docker): the workshop made on
 * the page, three students joined, a student's passing check on the board within 2 s, a bulk
 * reset by keyboard, a released seat rejoined, another leader refused.
 */
describe('web: the leader’s class board', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let browser: Browser;
  let origin: string;
  let leader: { context: BrowserContext; page: Page; errors: string[] };
  let workshopId: string;
  let joinCode: string;
  const students: Student[] = [];

  /** A student's request as their page would send it: the cookie, and this API's Origin. */
  const asStudent = (student: Student, method: 'post' | 'put', path: string, data: unknown) =>
    student.context.request[method](`${api.base}${path}`, { data, headers: { origin } });
  const seatRow = (seat: number) => leader.page.getByRole('row', { name: `Seat ${seat}`, exact: true });
  /** The cell of the step's grid: its accessible name says "passed" or "not passed". */
  const stepBadge = (seat: number, result: 'passed' | 'not passed') =>
    seatRow(seat).getByRole('listitem', { name: new RegExp(`${STEP_TITLE.source}.*: ${result}$`) });

  beforeAll(async () => {
    api = await startControlApi({
      // No periodic evaluation during the test: what reaches the board comes from the events.
      config: { examplesDir: 'examples', reconcileIntervalMs: 2_000, progressIntervalMs: 600_000 },
    });
    client = new ApiClient(api.base);
    origin = new URL(api.base).origin;
    browser = await launchChromium();
    const opened = await openPage(browser, api.base);
    leader = { ...opened, errors: collectPageErrors(opened.page) };
    await signIn(leader.context, api.base, await client.issueToken(ADMIN_TOKEN, 'lea', 'leader'));
  });

  afterAll(async () => {
    for (const student of students) await student.context.close();
    await leader?.context.close();
    await browser?.close();
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('creates a class of three from the page, by keyboard, with errors shown at the field', async () => {
    const { page } = leader;
    await page.goto('/workshops');
    await page.getByRole('heading', { name: 'New workshop' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const seats = page.getByRole('textbox', { name: /^Seats/ });
    await seats.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await page.getByText('Seats must be a whole number from 1 to 100').waitFor();
    expect(await seats.getAttribute('aria-invalid')).toBe('true');

    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(SEATS));
    // Mantine's Select: an input labelled "Example" that opens a listbox.
    const example = page.locator('input').and(page.getByLabel(/^Example/));
    await example.focus();
    await page.keyboard.type('sql-vs-nosql)');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await example.inputValue()).toMatch(/\(sql-vs-nosql\)$/);
    await page.getByRole('button', { name: 'Create workshop' }).focus();
    await page.keyboard.press('Enter');

    const notice = page.getByRole('status').filter({ hasText: 'Workshop created' });
    joinCode = (await notice.locator('code').innerText()).trim();
    expect(joinCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await notice.getByRole('link', { name: 'Open the class board' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/workshops\/[0-9a-f-]{36}$/);
    workshopId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Class board: sql-vs-nosql' }).waitFor();
    expect(await page.getByRole('row', { name: /^Seat \d$/ }).count()).toBe(SEATS);
  });

  it('shows three students joining from their own browsers, and their seats getting ready, live', async () => {
    for (const name of ['Ada', 'Brian', 'Chen']) {
      const { context } = await openPage(browser, api.base);
      const response = await context.request.post(`${api.base}/api/workshops/join`, {
        data: { code: joinCode, name },
        headers: { origin },
      });
      expect(response.status()).toBe(200);
      const joined = (await response.json()) as { seat: number; sandboxId: string };
      students.push({ name, context, seat: joined.seat, sandboxId: joined.sandboxId });
    }
    for (const student of students) {
      await seatRow(student.seat).getByRole('cell', { name: student.name }).waitFor({ timeout: 5_000 });
    }
    // Provisioning on a shared engine: the board follows it without a reload.
    for (const student of students) {
      await seatRow(student.seat).getByText('ready', { exact: true }).waitFor({ timeout: 300_000 });
    }
    expect(await seriousViolations(leader.page)).toEqual([]);
  });

  it('shows a student’s passing check on the board within 2 s, without a reload', async () => {
    const { page } = leader;
    await page.getByRole('button', { name: 'Evaluate progress now' }).click();
    const achiever = students[0]!;
    await stepBadge(achiever.seat, 'not passed').waitFor({ timeout: 60_000 });

    for (const store of ['sql', 'jsonb']) {
      const response = await asStudent(
        achiever,
        'put',
        `/api/sandboxes/${achiever.sandboxId}/app/${store}/books/3/price`,
        { priceCents: 1999 },
      );
      expect(response.status()).toBe(200);
    }
    const check = await asStudent(achiever, 'post', `/api/sandboxes/${achiever.sandboxId}/lab/steps/${STEP}/check`, {});
    expect(await check.json()).toMatchObject({ step: STEP, passed: true });
    await stepBadge(achiever.seat, 'passed').waitFor({ timeout: 2_000 });
    // Only the achiever's: the others' same step still fails.
    expect(await stepBadge(students[1]!.seat, 'not passed').count()).toBe(1);
  });

  it('resets every seat by keyboard: each shows its reset done and the step failing again', async () => {
    const { page } = leader;
    await page.getByRole('button', { name: 'Reset all' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reset every seat?' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The confirmation has the focus: Enter confirms.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    for (const student of students) {
      await seatRow(student.seat).getByText('reset done').waitFor({ timeout: 180_000 });
      await seatRow(student.seat).getByText('ready', { exact: true }).waitFor({ timeout: 30_000 });
    }
    await stepBadge(students[0]!.seat, 'not passed').waitFor({ timeout: 2_000 });
  });

  it('releases a seat from the board; its student rejoins with the same name and no secret', async () => {
    const { page } = leader;
    const leaving = students[1]!;
    await seatRow(leaving.seat)
      .getByRole('button', { name: `Release seat ${leaving.seat}` })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Release seat ${leaving.seat}` })
      .click();
    await seatRow(leaving.seat).getByText('free').waitFor({ timeout: 5_000 });
    // The released token no longer works in the old browser.
    expect((await leaving.context.request.get(`${api.base}/api/sandboxes/${leaving.sandboxId}`)).status()).toBe(401);

    const again = await leaving.context.request.post(`${api.base}/api/workshops/join`, {
      data: { code: joinCode, name: leaving.name },
      headers: { origin },
    });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ seat: leaving.seat, sandboxId: leaving.sandboxId });
    await seatRow(leaving.seat).getByRole('cell', { name: leaving.name }).waitFor({ timeout: 5_000 });
  });

  it('extends the workshop: the seats and the students’ browser sessions end with it', async () => {
    const { page } = leader;
    const before = (await (await leader.context.request.get(`${api.base}/api/workshops/${workshopId}`)).json()) as {
      endsAt: string;
    };
    const expected = new Date(new Date(before.endsAt).getTime() + 15 * 60_000).toISOString();
    await page.getByRole('button', { name: 'Extend', exact: true }).focus();
    await page.keyboard.press('Enter');
    const student = students[0]!;
    let seen: { expiresAt?: string } = {};
    await waitFor(
      () => seen.expiresAt === expected,
      10_000,
      async () => {
        seen = (await (await student.context.request.get(`${api.base}/api/sandboxes/${student.sandboxId}`)).json()) as {
          expiresAt?: string;
        };
      },
    );
    const session = (await (await student.context.request.get(`${api.base}/api/session`)).json()) as {
      expiresAt: string;
    };
    expect(session.expiresAt).toBe(expected);
  });

  it('shows the join screen with the code, the join address as a QR code and the seats taken', async () => {
    const { page } = leader;
    await page.goto(`/workshops/${workshopId}/join-screen`);
    await page.getByText(joinCode, { exact: true }).waitFor();
    const url = `${origin}/join?code=${joinCode}`;
    expect(await page.getByRole('link', { name: url }).getAttribute('href')).toBe(url);
    const qr = page.getByRole('img', { name: `QR code of the join address ${url}` });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.getByText(/3\s*joined · 0\s*free/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(leader.errors).toEqual([]);
  });

  it('shows another leader no such workshop (404), on the page and from the API', async () => {
    const { context, page } = await openPage(browser, api.base);
    try {
      const other = await client.issueToken(ADMIN_TOKEN, 'max', 'leader');
      await signIn(context, api.base, other);
      await page.goto(`/workshops/${workshopId}`);
      await page.getByRole('alert').filter({ hasText: 'Workshop not found' }).waitFor();
      expect((await context.request.get(`${api.base}/api/workshops/${workshopId}`)).status()).toBe(404);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('ends the workshop after a confirmation: every seat token stops at once', async () => {
    const { page } = leader;
    await page.goto(`/workshops/${workshopId}`);
    await page.getByRole('button', { name: 'End workshop' }).click();
    await page
      .getByRole('dialog', { name: 'End the workshop now?' })
      .getByRole('button', { name: 'End workshop' })
      .click();
    await page.getByText(/seats joined · ended/).waitFor({ timeout: 5_000 });
    for (const student of students) {
      expect((await student.context.request.get(`${api.base}/api/sandboxes/${student.sandboxId}`)).status()).toBe(401);
    }
  });
});
