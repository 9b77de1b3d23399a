/**
 * The pauses before each new request for a page's code; after the last failure the page says so.
 * ~8 s in all: while a class is provisioned on the lab's host, Docker adds and removes bridges for
 * seconds on end, and three tries within 1.3 s all fell on a change (seen in CI).
 */
const PAUSES_MS = [250, 500, 1_000, 2_000, 4_000];
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
