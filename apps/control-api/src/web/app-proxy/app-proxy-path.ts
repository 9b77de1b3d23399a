/**
 * Where the example app of a sandbox is served through the control API. Under `/api` because the
 * web app owns every other top-level path (its client-side routes such as `/sandboxes/:id`), and
 * because one rule (`/api`, with WebSockets) then covers the API and the app in a reverse proxy or
 * in the web app's dev server.
 */
export const APP_PROXY_ROUTE = 'sandboxes/:id/app';

const SANDBOX_ID = /^sb-[0-9a-f]{16}$/;
// The raw request target: `/api/sandboxes/<id>/app`, then the app's path, then the query.
const PROXIED = /^\/api\/sandboxes\/([^/?#]*)\/app(\/[^?#]*)?(\?[^#]*)?$/;

/** The path prefix the app is served under for one sandbox (what it is told in `X-Forwarded-Prefix`). */
export function appProxyPrefix(sandboxId: string): string {
  return `/api/sandboxes/${sandboxId}/app`;
}

/**
 * `…/app/~<grant>/…`: the same app, for the pages it serves. Those run as an opaque origin (the
 * proxy's CSP sandbox), so the browser sends no cookie with what they load; the grant in the path
 * (app-view-grants.ts) stands for the viewer's session instead.
 */
const GRANTED = /^\/~([A-Za-z0-9_-]{43})(\/.*)?$/;

/** The prefix of an app's pages as served under a grant. */
export function grantedPrefix(sandboxId: string, grant: string): string {
  return `${appProxyPrefix(sandboxId)}/~${grant}`;
}

export type AppProxyRequest =
  /**
   * Pass on to the app: `path` starts with `/` and keeps the query as it came; `grant` when it came
   * under one (its `prefix` then includes it).
   */
  | { kind: 'forward'; sandboxId: string; prefix: string; path: string; grant?: string }
  /** `…/app` without its slash: relative links in the app's pages would resolve outside the prefix. */
  | { kind: 'redirect'; sandboxId: string; location: string; grant?: string }
  /** A malformed id cannot name a sandbox (answered as an unknown one). */
  | { kind: 'unknown-sandbox'; sandboxId: string }
  /** A `.`/`..` segment or an encoded slash, backslash or NUL: refused, never resolved. */
  | { kind: 'bad-path' };

/**
 * Reads a request target (`req.originalUrl`) of the app proxy; `undefined` when it is not one.
 * Nothing is decoded or normalised on the way to the app: the app receives the exact bytes, and a
 * segment that could climb out of the prefix once some layer decodes it is refused instead.
 */
export function parseAppProxyUrl(rawUrl: string): AppProxyRequest | undefined {
  const match = PROXIED.exec(rawUrl);
  if (!match) return undefined;
  const [, sandboxId = '', rest, query = ''] = match;
  if (!SANDBOX_ID.test(sandboxId)) return { kind: 'unknown-sandbox', sandboxId: sandboxId.slice(0, 40) };
  const prefix = appProxyPrefix(sandboxId);
  if (rest === undefined) return { kind: 'redirect', sandboxId, location: `${prefix}/${query}` };
  const granted = GRANTED.exec(rest);
  if (granted) {
    const [, grant = '', path] = granted;
    const grantPrefix = grantedPrefix(sandboxId, grant);
    if (path === undefined) return { kind: 'redirect', sandboxId, grant, location: `${grantPrefix}/${query}` };
    if (!isConfinedPath(path)) return { kind: 'bad-path' };
    return { kind: 'forward', sandboxId, prefix: grantPrefix, path: `${path}${query}`, grant };
  }
  if (!isConfinedPath(rest)) return { kind: 'bad-path' };
  return { kind: 'forward', sandboxId, prefix, path: `${rest}${query}` };
}

/** `…/app?q` taken as the app's `/?q`: a WebSocket has no page whose relative links need the slash. */
export function atAppRoot(
  redirect: Extract<AppProxyRequest, { kind: 'redirect' }>,
): Extract<AppProxyRequest, { kind: 'forward' }> {
  const prefix = appProxyPrefix(redirect.sandboxId);
  return { kind: 'forward', sandboxId: redirect.sandboxId, prefix, path: redirect.location.slice(prefix.length) };
}

/** True when no segment of `path` is, or decodes to, `.` or `..`, a slash, a backslash or NUL. */
export function isConfinedPath(path: string): boolean {
  if (path.includes('\\')) return false;
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false; // a malformed escape: no layer can agree on what it means
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return false;
  }
  return true;
}
