import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from '../../session/session-cookie';

/**
 * Cookies that carry the lab's own credentials (the browser session, `session/session-cookie.ts`):
 * never passed to a sandbox's app, and an app may not set them either. `__Host-`/`__Secure-`
 * spellings count as the same name.
 */
export const LAB_CREDENTIAL_COOKIES: readonly string[] = [SESSION_COOKIE];

// RFC 9110 §7.6.1: these describe one connection, not the message; a proxy never forwards them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// Response headers whose effect reaches past the app to the whole origin it shares with the lab:
// wiping the lab's cookies and storage, a service worker in charge of every page, HSTS for the host.
const ORIGIN_WIDE = new Set(['clear-site-data', 'service-worker-allowed', 'strict-transport-security']);

// What this proxy says about the client; whatever the client claimed under these names is dropped.
const FORWARDING = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-real-ip',
]);

/**
 * Every response of an app runs as an opaque origin: the app is served from the lab's own origin,
 * so without this a script in an app page (an XSS the auth lessons teach, say) could call the lab's
 * API with the viewer's session cookie — a leader viewing a student's app included. Scripts, forms,
 * pop-ups (links in a new tab) and dialogs still work; never `allow-same-origin`, which would undo it.
 * What the page itself loads is then authenticated by a grant in its path (app-view-grants.ts).
 */
export const APP_SANDBOX_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals';

const CSP: string = 'content-security-policy';

export interface ForwardContext {
  /** The client's address as the API established it (`req.ip`, which honours LAB_TRUST_PROXY). */
  clientIp: string | undefined;
  /** `http` or `https` as the browser used it (`req.protocol`, likewise). */
  proto: string;
  /** The host the browser addressed (`req.host`). */
  host: string | undefined;
  /** `/api/sandboxes/<id>/app`: where the app's pages live for the browser. */
  prefix: string;
  /** `host:port` of the app as the runtime locates it. */
  upstreamHost: string;
  /** A WebSocket handshake keeps its `Connection: Upgrade`/`Upgrade` pair. */
  websocket?: boolean;
}

function isLabCredentialCookie(name: string): boolean {
  const bare = name.replace(/^__(Host|Secure)-/, '');
  return LAB_CREDENTIAL_COOKIES.includes(bare);
}

/** The `Cookie` header without the lab's credentials; `undefined` when nothing is left. */
export function withoutLabCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && !isLabCredentialCookie(pair.split('=', 1)[0]!.trim()));
  return kept.length ? kept.join('; ') : undefined;
}

/**
 * The headers the app receives: the browser's, less the connection's own, less the lab's
 * credentials (`Authorization`, the session cookie), with `Host` set to the app and the
 * `X-Forwarded-*` set saying where the browser really was.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || FORWARDING.has(name)) continue;
    if (name === 'authorization' || name === 'host' || name === 'cookie') continue;
    headers[name] = value;
  }
  const cookie = withoutLabCookies(incoming.cookie);
  if (cookie !== undefined) headers.cookie = cookie;
  headers.host = context.upstreamHost;
  if (context.clientIp) headers['x-forwarded-for'] = context.clientIp;
  headers['x-forwarded-proto'] = context.proto;
  if (context.host) headers['x-forwarded-host'] = context.host;
  headers['x-forwarded-prefix'] = context.prefix;
  if (context.websocket) {
    headers.connection = 'Upgrade';
    headers.upgrade = incoming.upgrade ?? 'websocket';
  }
  return headers;
}

/**
 * The app's response headers as the browser gets them: the connection's own and those acting on the
 * whole origin dropped, cookies
 * scoped to the prefix (their Domain dropped: the browser talks to the API's host), redirects
 * inside the app kept inside the prefix.
 */
export function downstreamResponseHeaders(
  incoming: IncomingHttpHeaders,
  context: Pick<ForwardContext, 'prefix' | 'upstreamHost'>,
): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || ORIGIN_WIDE.has(name)) continue;
    headers[name] = value;
  }
  const cookies = incoming['set-cookie'];
  if (cookies) {
    const scoped = cookies.flatMap((cookie) => scopeSetCookie(cookie, context.prefix) ?? []);
    if (scoped.length) headers['set-cookie'] = scoped;
    else delete headers['set-cookie'];
  }
  if (typeof incoming.location === 'string') headers.location = rewriteLocation(incoming.location, context);
  // Added to the app's own policy, never replacing it: a browser enforces every policy it is given.
  const own = incoming[CSP];
  headers[CSP] = own === undefined ? APP_SANDBOX_CSP : [own, APP_SANDBOX_CSP].flat();
  return headers;
}

/**
 * A `Set-Cookie` of the app, scoped to the prefix: `Path=/x` becomes `Path=<prefix>/x`, `Domain`
 * goes. Without a Path the browser's default (the request's directory) is already inside the
 * prefix. `undefined`: a cookie named like the lab's credentials, which the app may not set.
 */
export function scopeSetCookie(cookie: string, prefix: string): string | undefined {
  const [pair = '', ...attributes] = cookie.split(';');
  if (isLabCredentialCookie(pair.split('=', 1)[0]!.trim())) return undefined;
  const kept = attributes
    .map((attribute) => attribute.trim())
    .filter((attribute) => attribute !== '' && !/^domain\s*=/i.test(attribute))
    .map((attribute) => {
      const path = /^path\s*=\s*(.*)$/i.exec(attribute);
      if (!path) return attribute;
      const value = path[1]!.startsWith('/') ? path[1]! : `/${path[1]!}`;
      return `Path=${prefix}${value}`;
    });
  return [pair.trim(), ...kept].join('; ');
}

/** An app-relative redirect (`/docs/`, or an absolute URL naming the app itself) stays under the prefix. */
export function rewriteLocation(location: string, context: Pick<ForwardContext, 'prefix' | 'upstreamHost'>): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${context.prefix}${location}`;
  try {
    const url = new URL(location);
    if (url.host === context.upstreamHost) return `${context.prefix}${url.pathname}${url.search}${url.hash}`;
  } catch {
    // relative without a slash (`docs/`): the browser resolves it against the prefixed URL already
  }
  return location;
}

/** Headers a `Connection` header names are hop-by-hop too. */
function connectionTokens(header: string | undefined): Set<string> {
  return new Set(
    (header ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}
