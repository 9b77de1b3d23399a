/**
 * This app's problem types: `urn:backend-lab:sql-vs-nosql:<slug>` (the rest of RFC 9457 is
 * @lab/http-problems'). Older than `problemTypeIn` and without its `:problem:`; clients match on it.
 */
export function problemType(slug: string): string {
  return `urn:backend-lab:sql-vs-nosql:${slug}`;
}
