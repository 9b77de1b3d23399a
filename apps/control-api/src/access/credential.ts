import type { IncomingHttpHeaders } from 'node:http';
import { sessionSecretOf } from '../session/session-cookie';
import type { Principal } from './access-token.verifier';

/**
 * What a request proves its caller with: a bearer token (API clients, the CLI) or a browser
 * session's cookie (the web app). Never logged: both are secrets.
 */
export type Credential = { scheme: 'bearer'; token: string } | { scheme: 'session'; secret: string };

/** Port: who a credential belongs to now; `undefined` when it is not (or no longer) valid. */
export interface CredentialVerifier {
  verify(credential: Credential): Promise<Principal | undefined>;
}

export const CREDENTIAL_VERIFIER = Symbol('CREDENTIAL_VERIFIER');

/**
 * The request's credential: `Authorization: Bearer` first (a page cannot make a browser send that
 * header to another origin), else the session cookie.
 */
export function credentialOf(request: {
  headers: IncomingHttpHeaders;
  cookies?: Record<string, unknown>;
}): Credential | undefined {
  const token = bearerToken(request.headers.authorization);
  if (token !== undefined) return { scheme: 'bearer', token };
  const secret = sessionSecretOf(request);
  return secret === undefined ? undefined : { scheme: 'session', secret };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** A key that tells credentials apart without holding them in clear text twice. */
export function credentialKey(credential: Credential): string {
  return credential.scheme === 'bearer' ? `bearer:${credential.token}` : `session:${credential.secret}`;
}

/** Per request: the credential it was checked with (`credentialKey`) and the answer. */
const checkedRequests = new WeakMap<object, { key: string; principal: Promise<Principal | undefined> }>();

/**
 * `verifier.verify(credential)`, once per request: the rate limit counts by user and the access
 * guard then asks about the same credential (two sha256, a regular expression and a cache lookup
 * each time). The answer is the request's own: the next request is checked afresh, so a revoked
 * token is refused as soon as the verifier says so.
 */
export function verifyOnce(
  request: object,
  credential: Credential,
  verifier: CredentialVerifier,
): Promise<Principal | undefined> {
  const key = credentialKey(credential);
  const checked = checkedRequests.get(request);
  if (checked?.key === key) return checked.principal;
  const principal = verifier.verify(credential);
  checkedRequests.set(request, { key, principal });
  return principal;
}
