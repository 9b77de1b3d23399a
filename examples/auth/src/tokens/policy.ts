import { CSRF_HEADER, OWASP_ARGON2ID, sessionCookieName, type SessionCookieOptions } from '@lab/auth';
import type { AuthAppConfig } from '../config';

/** What this app enforces, in one document: the lab's look-only steps read it. No secrets. */
export function describePolicy(config: AuthAppConfig, cookie: SessionCookieOptions) {
  return {
    passwords: { algorithm: 'argon2id', ...OWASP_ARGON2ID },
    accessTokens: {
      format: 'JWT',
      algorithms: ['HS256'],
      type: 'at+jwt',
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.accessTtlSeconds,
      requiredClaims: ['iss', 'aud', 'exp', 'sub', 'jti'],
    },
    refreshTokens: {
      rotation: true,
      reuse: 'revokes-family',
      ttlSeconds: config.jwt.refreshTtlSeconds,
      familyTtlSeconds: config.jwt.familyTtlSeconds,
    },
    sessions: {
      store: 'redis',
      cookie: sessionCookieName(cookie),
      httpOnly: true,
      sameSite: cookie.sameSite ?? 'Lax',
      secure: cookie.secure,
      idleTtlSeconds: config.sessions.idleTtlSeconds,
      newIdAtLogin: true,
      csrf: { header: CSRF_HEADER, pattern: 'synchronizer-token' },
    },
    loginRateLimit: {
      maxAttempts: config.loginLimit.maxAttempts,
      windowSeconds: config.loginLimit.windowSeconds,
      per: 'account+ip',
    },
    oauth: {
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      redirectUri: config.oidc.redirectUri,
      responseType: 'code',
      codeChallengeMethod: 'S256',
    },
  };
}
