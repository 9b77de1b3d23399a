/** The pauses before each new request for a page's code; after the last failure the page says so. */
const PAUSES_MS = [300, 1_000];
export const LOAD_ATTEMPTS = PAUSES_MS.length + 1;

/**
 * A page's code chunk, asked for again when the request fails. A request in flight is cut when the
 * browser sees its machine's network change (Chromium: `net::ERR_NETWORK_CHANGED`): a laptop moving
 * between networks, or, on the lab's own host, Docker adding a sandbox's bridge. One lost chunk
 * would otherwise leave the page on "cannot be reached" until the user reloads. Browsers fetch a
 * failed module again on the next `import()` (only what failed; what arrived is kept).
 */
export function loadAgainOnFailure<T>(
  load: () => Promise<T>,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): () => Promise<T> {
  return async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await load();
      } catch (error) {
        if (attempt >= LOAD_ATTEMPTS) throw error;
        await pause(PAUSES_MS[attempt - 1]!);
      }
    }
  };
}
