import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, Principal } from '../access/access-token.verifier';
import { AdminTokenVerifier } from '../access/admin-token.verifier';
import { hashToken, looksLikeToken } from './token-secret';
import { isTokenUsable } from './token-validity';
import { TokensRepository } from './tokens.repository';

/** The configured admin token first, then the issued tokens that were neither revoked nor expired. */
@Injectable()
export class DatabaseTokenVerifier implements AccessTokenVerifier {
  constructor(
    private readonly admin: AdminTokenVerifier,
    private readonly tokens: TokensRepository,
  ) {}

  async verify(token: string): Promise<Principal | undefined> {
    const admin = await this.admin.verify(token);
    if (admin) return admin;
    if (!looksLikeToken(token)) return undefined;
    const record = await this.tokens.findActiveByHash(hashToken(token));
    return record && isTokenUsable(record, new Date()) ? { userId: record.id, role: record.role } : undefined;
  }
}
