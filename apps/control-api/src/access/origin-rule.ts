/**
 * The Origin rule for requests a browser session authenticates. SameSite=Strict already keeps
 * other sites' pages from sending the cookie; this also stops a page of the same site but another
 * origin (another port or subdomain of the lab's host) from changing anything with it. Reading
 * (GET, HEAD, OPTIONS) needs no Origin: that is how a browser loads pages, images and
 * `EventSource` streams, and the answers are protected by the same-origin policy.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `scheme://host[:port]` normalised as browsers write an Origin (lower case, no default port), or undefined. */
export function normaliseOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The API's own origins for one request: the scheme and Host it came to (Express's `protocol` and
 * `host`, which believe X-Forwarded-Proto/-Host only from trusted proxies), and LAB_PUBLIC_URL's.
 */
export function ownOrigins(protocol: string, host: string | undefined, publicOrigin?: string): string[] {
  const own = host ? normaliseOrigin(`${protocol}://${host}`) : undefined;
  return [...new Set([own, publicOrigin].filter((origin): origin is string => origin !== undefined))];
}

export type OriginVerdict = { allowed: true } | { allowed: false; detail: string };

/** May a cookie-authenticated request with this method and `Origin` header go ahead? */
export function checkOrigin(method: string, origin: string | undefined, own: readonly string[]): OriginVerdict {
  if (!isStateChanging(method)) return { allowed: true };
  const expected = own.length > 0 ? own.join(' or ') : 'the API’s own origin';
  if (origin === undefined || origin.trim() === '') {
    return {
      allowed: false,
      detail: `A ${method.toUpperCase()} authenticated by the session cookie must carry an Origin header (${expected}); API clients send "Authorization: Bearer <token>" instead.`,
    };
  }
  const normalised = normaliseOrigin(origin.trim());
  if (normalised === undefined || !own.includes(normalised)) {
    return {
      allowed: false,
      detail: `The Origin ${JSON.stringify(origin)} is not this API's (${expected}): a session cookie only authenticates changes made from the lab's own pages. Behind a reverse proxy, set LAB_TRUST_PROXY or LAB_PUBLIC_URL.`,
    };
  }
  return { allowed: true };
}

/** The parts of a request the rule reads (Express's `protocol` and `host` honour LAB_TRUST_PROXY). */
export interface OriginFacts {
  method: string;
  protocol: string;
  host?: string;
  headers: { origin?: string };
}

/** `checkOrigin` for one request, its own origins worked out from it and LAB_PUBLIC_URL. */
export function originVerdict(request: OriginFacts, publicOrigin?: string): OriginVerdict {
  return checkOrigin(request.method, request.headers.origin, ownOrigins(request.protocol, request.host, publicOrigin));
}
