import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CreateTokenDto } from './create-token.dto';
import { generateToken, hashToken } from './token-secret';
import { CreatedTokenDto, TokenDto, toTokenDto } from './token.dto';
import { TokenNotFoundException } from './token-not-found.error';
import { TokenRevocations } from './token-revocations';
import { TokensRepository } from './tokens.repository';

/** What another module may ask a token for: an expiry (e.g. a workshop seat's token ends with it). */
export interface TokenRequest extends CreateTokenDto {
  expiresAt?: Date;
}

/** Issues, lists and revokes access tokens. Access is checked by the guard (admin only). */
@Injectable()
export class TokensService {
  private readonly logger = new Logger(TokensService.name);

  constructor(
    private readonly tokens: TokensRepository,
    private readonly revocations: TokenRevocations,
  ) {}

  async create(input: TokenRequest): Promise<CreatedTokenDto> {
    const token = generateToken();
    const record = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      createdAt: new Date(),
      revokedAt: null,
      expiresAt: input.expiresAt ?? null,
    };
    await this.tokens.insert(record);
    this.logger.log(`issued ${record.role} token ${record.id}`);
    return { id: record.id, name: record.name, role: record.role, token };
  }

  async list(): Promise<TokenDto[]> {
    return (await this.tokens.list()).map(toTokenDto);
  }

  /** A later expiry for an active token (a workshop's seat token when the workshop is extended). */
  async extend(id: string, expiresAt: Date): Promise<void> {
    await this.tokens.setExpiry(id, expiresAt);
  }

  /** Idempotent: revoking a revoked token succeeds; an unknown id is a 404. */
  async revoke(id: string): Promise<void> {
    const outcome = await this.tokens.revoke(id, new Date());
    if (outcome === 'not-found') throw new TokenNotFoundException(id);
    if (outcome === 'revoked') this.logger.log(`revoked token ${id}`);
    // Also when revoked before: whatever this token still holds open here ends now.
    this.revocations.announce(id);
  }
}
