import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, Principal } from '../access/access-token.verifier';
import { ADMIN_PRINCIPAL, AdminTokenVerifier } from '../access/admin-token.verifier';
import { ActiveTokenCache } from './active-token-cache';
import { hashToken, looksLikeToken } from './token-secret';
import { isTokenUsable } from './token-validity';
import { TokensRepository } from './tokens.repository';

/** A usable token's holder, with what a "who am I" answer and a browser session need. */
export interface TokenIdentity {
  principal: Principal;
  name: string;
  /** The sha256 hex of the token (what `access_tokens` keeps), never the token. */
  tokenHash: string;
  /** Null: valid until revoked. */
  expiresAt: Date | null;
}

/** The configured admin token first, then the issued tokens that were neither revoked nor expired. */
@Injectable()
export class DatabaseTokenVerifier implements AccessTokenVerifier {
  constructor(
    private readonly admin: AdminTokenVerifier,
    private readonly tokens: TokensRepository,
    private readonly recent: ActiveTokenCache,
  ) {}

  async verify(token: string): Promise<Principal | undefined> {
    const admin = await this.admin.verify(token);
    if (admin) return admin;
    if (!looksLikeToken(token)) return undefined;
    return (await this.identifyHash(hashToken(token)))?.principal;
  }

  /** Like `verify`, with the token's name, hash and expiry. */
  async identify(token: string): Promise<TokenIdentity | undefined> {
    if (!(await this.admin.verify(token)) && !looksLikeToken(token)) return undefined;
    return this.identifyHash(hashToken(token));
  }

  /**
   * The holder of the token with this sha256 hex, if that token is still usable now: how a browser
   * session, which keeps only the hash, is checked again at every request.
   */
  async identifyHash(tokenHash: string): Promise<TokenIdentity | undefined> {
    if (this.admin.matchesHash(tokenHash)) {
      return { principal: ADMIN_PRINCIPAL, name: 'admin', tokenHash, expiresAt: null };
    }
    const record = await this.recent.find(tokenHash, (hash) => this.tokens.findActiveByHash(hash));
    if (!record || !isTokenUsable(record, new Date())) return undefined;
    return {
      principal: { userId: record.id, role: record.role },
      name: record.name,
      tokenHash,
      expiresAt: record.expiresAt,
    };
  }
}
