import type { KeyObject } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { loadJose } from './load-jose';

/**
 * The one algorithm tokens are signed AND accepted with. HS256 suits one service that both issues
 * and checks; ES256/EdDSA let other services verify with the public key only.
 */
export type AccessTokenKey =
  | { algorithm: 'HS256'; secret: Uint8Array }
  | { algorithm: 'ES256' | 'EdDSA'; privateKey: KeyObject; publicKey: KeyObject };

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  /** Short on purpose (minutes): an access token cannot be revoked, only outlived. */
  ttlSeconds: number;
  key: AccessTokenKey;
  /** Accepted clock difference between issuer and verifier. */
  clockToleranceSeconds?: number;
}

export interface AccessTokenClaims {
  subject: string;
  roles: string[];
  expiresAt: number;
  tokenId: string;
}

export type AccessTokenFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'issuer' | 'audience' | 'claims';

export class AccessTokenRejected extends Error {
  constructor(
    readonly reason: AccessTokenFailure,
    cause?: unknown,
  ) {
    super(`access token rejected: ${reason}`, { cause });
    this.name = 'AccessTokenRejected';
  }
}

const MIN_HS256_SECRET_BYTES = 32;

/**
 * Short-lived JWT access tokens. Verification pins the algorithm (so neither `alg: none` nor an
 * algorithm swap such as HS256-with-the-public-key is ever tried) and requires iss, aud, exp, sub.
 */
export class AccessTokens {
  constructor(private readonly options: AccessTokenOptions) {
    if (options.key.algorithm === 'HS256' && options.key.secret.byteLength < MIN_HS256_SECRET_BYTES) {
      // RFC 7518 §3.2: the HMAC key must be at least as long as the hash output.
      throw new Error('HS256 secret must be at least 32 bytes');
    }
  }

  async issue(subject: string, roles: readonly string[] = []): Promise<string> {
    const { SignJWT } = await loadJose();
    const { issuer, audience, ttlSeconds, key } = this.options;
    return new SignJWT({ roles: [...roles] })
      .setProtectedHeader({ alg: key.algorithm, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(key.algorithm === 'HS256' ? key.secret : key.privateKey);
  }

  /** Claims of a valid token; throws AccessTokenRejected with the reason otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const jose = await loadJose();
    const { issuer, audience, key } = this.options;
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, key.algorithm === 'HS256' ? key.secret : key.publicKey, {
        algorithms: [key.algorithm],
        issuer,
        audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub', 'jti'],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      }));
    } catch (error) {
      throw new AccessTokenRejected(classify(error, jose.errors), error);
    }
    const roles = payload['roles'];
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
      throw new AccessTokenRejected('claims');
    }
    return { subject: payload.sub!, roles, expiresAt: payload.exp!, tokenId: payload.jti! };
  }
}

type JoseErrors = Awaited<ReturnType<typeof loadJose>>['errors'];

function classify(error: unknown, errors: JoseErrors): AccessTokenFailure {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    return 'claims';
  }
  return 'malformed';
}
