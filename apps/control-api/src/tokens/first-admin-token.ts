import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LAB_CONFIG } from '../config.provider';
import { generateToken, hashToken } from './token-secret';
import { TokensRepository } from './tokens.repository';

/** Where the one-time token is written: the terminal of whoever ran `npm start`, not the log. */
export const FIRST_ADMIN_TOKEN_OUTPUT = Symbol('FIRST_ADMIN_TOKEN_OUTPUT');
export type TokenOutput = (text: string) => void;

/**
 * A fresh installation without LAB_ADMIN_TOKEN would have no way in. At first start an admin
 * token is generated, stored hashed like any other, and printed this once; later starts find it.
 */
@Injectable()
export class FirstAdminToken implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminToken.name);

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(FIRST_ADMIN_TOKEN_OUTPUT) private readonly output: TokenOutput,
    private readonly tokens: TokensRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminToken !== undefined) return;
    if (await this.tokens.hasActiveWithRole('admin')) return;
    const token = generateToken();
    await this.tokens.insert({
      id: randomUUID(),
      name: 'admin (generated at first start)',
      role: 'admin',
      tokenHash: hashToken(token),
      createdAt: new Date(),
      revokedAt: null,
      expiresAt: null,
    });
    this.logger.log('generated the admin token (printed once on the terminal, stored hashed)');
    this.output(
      [
        '',
        '  Backend Lab: first start, an admin token was generated. It is shown this once:',
        '',
        `    LAB_ADMIN_TOKEN ${token}`,
        '',
        '  Use it as "Authorization: Bearer <token>". It is stored only as a hash; to replace it,',
        '  revoke it (DELETE /api/tokens/:id) or set LAB_ADMIN_TOKEN.',
        '',
      ].join('\n') + '\n',
    );
  }
}
