import { checkCsrf, type CsrfVerdict } from '@lab/auth';

/** The request headers that tell where a request comes from. */
export interface RequestOrigin {
  host?: string;
  origin?: string;
  secFetchSite?: string;
}

/**
 * Whether a browser says this request was started by another site. Browsers send `Origin` on every
 * cross-origin POST and `Sec-Fetch-Site` on every request (Fetch Metadata); scripts and curl
 * usually send neither, and they carry no victim's cookies anyway. `same-site` (a sibling
 * subdomain) counts as cross-site here: it is another application.
 */
export function isCrossSite({ host, origin, secFetchSite }: RequestOrigin): boolean {
  if (secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none') return true;
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * The CSRF rule of this app. A request that a session cookie authenticates (or accompanies) and
 * that changes state must carry the session's synchronizer token. A login without any session
 * yet has no token to compare with: it is refused only when the browser says it is cross-site
 * (login CSRF would sign the victim into the attacker's account).
 */
export function csrfVerdict(request: {
  method: string;
  hasSession: boolean;
  sessionToken?: string;
  presentedToken?: string;
  origin: RequestOrigin;
}): CsrfVerdict | { ok: false; reason: 'cross-site' } {
  if (!request.hasSession) {
    const safe = ['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase());
    return !safe && isCrossSite(request.origin) ? { ok: false, reason: 'cross-site' } : { ok: true };
  }
  return checkCsrf({
    method: request.method,
    sessionToken: request.sessionToken,
    presentedToken: request.presentedToken,
  });
}
