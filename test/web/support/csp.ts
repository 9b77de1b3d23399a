import type { Page } from 'playwright-core';

/**
 * The Content-Security-Policy violations Chromium reports on the page's console (a blocked inline
 * style or script, a blocked image URL…), which a test can assert to be none.
 */
export function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
