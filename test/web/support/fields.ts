import type { Locator } from 'playwright-core';

/**
 * A field's accessible description (the texts its `aria-describedby` points to): where a form says
 * what is wrong with that field, as a screen reader reads it.
 */
export function fieldDescription(field: Locator): Promise<string> {
  return field.evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id: string) => input.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
