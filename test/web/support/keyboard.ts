import type { Locator, Page } from 'playwright-core';

/**
 * Moves the focus with the Tab key only, as a keyboard user would, until `target` has it; fails
 * when it is not reached within `maxPresses` (not focusable, or out of the tab order).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('tabTo: the target is not on the page');
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await handle.evaluate((element) => element === element.ownerDocument.activeElement)) return;
  }
  throw new Error(`tabTo: not reached with ${maxPresses} presses of Tab`);
}
