import { LabConfig } from '@lab/config';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { LAB_CONFIG } from '../config.provider';
import { AccessTokenVerifier, Principal } from './access-token.verifier';

export const ADMIN_PRINCIPAL: Principal = Object.freeze({ userId: 'admin', role: 'admin' });

/**
 * Until user tokens exist: one admin token from `LAB_ADMIN_TOKEN`. Both sides are hashed first so
 * the comparison takes the same time whatever the length or content of the token presented.
 */
@Injectable()
export class AdminTokenVerifier implements AccessTokenVerifier {
  private readonly adminDigest: Buffer | undefined;

  constructor(@Inject(LAB_CONFIG) config: LabConfig) {
    this.adminDigest = config.adminToken === undefined ? undefined : sha256(config.adminToken);
  }

  async verify(token: string): Promise<Principal | undefined> {
    if (!this.adminDigest) return undefined;
    return timingSafeEqual(sha256(token), this.adminDigest) ? ADMIN_PRINCIPAL : undefined;
  }

  /**
   * True when `tokenHash` (sha256 hex, as `hashToken` makes it) is the admin token's: a browser
   * session keeps only that hash, and ends when LAB_ADMIN_TOKEN changes.
   */
  matchesHash(tokenHash: string): boolean {
    if (!this.adminDigest || !/^[0-9a-f]{64}$/.test(tokenHash)) return false;
    return timingSafeEqual(Buffer.from(tokenHash, 'hex'), this.adminDigest);
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
