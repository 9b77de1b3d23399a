// RFC 9457 handling is shared by every app of the lab; only the problem types are this app's own.
export * from '@lab/http-problems';

/** This app's problem types: `urn:backend-lab:sql-vs-nosql:<slug>`. */
export function problemType(slug: string): string {
  return `urn:backend-lab:sql-vs-nosql:${slug}`;
}
