import type { Frame, Page } from 'playwright-core';

/** What the terminal shows now: xterm.js's DOM renderer keeps one element per screen row. */
export async function screenText(page: Page): Promise<string> {
  return page.locator('.xterm-rows').innerText();
}

/** Waits until the terminal shows `pattern` (the shell answered). */
export async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await screenText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the terminal's status says it holds a shell (a new one or the one it reconnected to). */
export async function waitConnected(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^(Connected|Reconnected)/ })
    .waitFor();
}

/** Types a command into the terminal from the keyboard and presses Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.getByRole('region', { name: 'Terminal', exact: true }).click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/**
 * What a script of the page in `frame` gets when it asks the lab who is signed in, the cookie's
 * way (`credentials: 'include'`): `blocked` when the browser refuses it.
 */
export function sessionProbe(frame: Frame | Page): Promise<string> {
  return frame.evaluate(async () => {
    try {
      const response = await fetch('/api/session', { credentials: 'include' });
      return `read ${response.status}: ${await response.text()}`;
    } catch {
      return 'blocked';
    }
  });
}

/** Resolves with `work`'s value, or rejects when the page has not answered within `ms` (a frozen page). */
export function withinClientTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}
