import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

/** Clicks `button` and returns the file the page hands to the browser as a download. */
export async function downloadFrom(page: Page, button: Locator): Promise<{ name: string; content: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), content: await readFile(path) };
}

/**
 * What the browser's own XML parser makes of an SVG file: its root element's name, a parse error
 * if any, and the `data-series` of its series (as the chart marks them).
 */
export function parseSvgInPage(
  page: Page,
  text: string,
): Promise<{ root: string; parseError: string | null; series: string[] }> {
  return page.evaluate((svg) => {
    // The test's TypeScript has no DOM types: the little of DOMParser this needs, declared.
    const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString: ParseFromString } };
    const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      root: document.documentElement.localName,
      parseError: document.querySelector('parsererror')?.textContent ?? null,
      series: Array.from(document.querySelectorAll('.series[data-series]')).map(
        (e) => e.getAttribute('data-series') ?? '',
      ),
    };
  }, text);
}

type ParseFromString = (
  text: string,
  type: string,
) => {
  documentElement: { localName: string };
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's signature check and its size from the IHDR chunk (which must come first). */
export function pngInfo(content: Buffer): { isPng: boolean; width: number; height: number } {
  const isPng = content.subarray(0, 8).equals(PNG_SIGNATURE) && content.subarray(12, 16).toString('latin1') === 'IHDR';
  return { isPng, width: isPng ? content.readUInt32BE(16) : 0, height: isPng ? content.readUInt32BE(20) : 0 };
}
