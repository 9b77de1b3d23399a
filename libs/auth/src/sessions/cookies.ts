export interface SessionCookieOptions {
  /** Defaults to `__Host-sid` when secure (the prefix makes browsers demand Secure, Path=/ and no Domain), else `sid`. */
  name?: string;
  /** Secure: sent over HTTPS only. Configurable because local sandboxes speak plain HTTP. */
  secure: boolean;
  /** Lax lets top-level GET navigations carry the cookie; Strict never sends it cross-site. None is not offered. */
  sameSite?: 'Lax' | 'Strict';
  /** Omitted: a browser-session cookie; the server-side idle timeout still applies. */
  maxAgeSeconds?: number;
}

export function sessionCookieName(options: SessionCookieOptions): string {
  return options.name ?? (options.secure ? '__Host-sid' : 'sid');
}

/** The Set-Cookie value for a session id: HttpOnly always, so page scripts (and XSS) cannot read it. */
export function serializeSessionCookie(id: string, options: SessionCookieOptions): string {
  const attributes = [
    `${sessionCookieName(options)}=${id}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Lax'}`,
  ];
  if (options.secure) attributes.push('Secure');
  if (options.maxAgeSeconds !== undefined) attributes.push(`Max-Age=${options.maxAgeSeconds}`);
  return attributes.join('; ');
}

/** Tells the browser to drop the cookie (same name, path and flags, expired). */
export function clearSessionCookie(options: SessionCookieOptions): string {
  return serializeSessionCookie('', { ...options, maxAgeSeconds: 0 });
}

/** Parses a Cookie request header; the first occurrence of a name wins, as in RFC 6265 §5.4 ordering. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (name && !cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim());
  }
  return cookies;
}
