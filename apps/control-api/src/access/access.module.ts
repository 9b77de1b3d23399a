import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LabConfigModule } from '../config.module';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_VERIFIER } from './access-token.verifier';
import { DatabaseTokenVerifier } from '../tokens/database-token.verifier';
import { TokensModule } from '../tokens/tokens.module';

@Module({
  imports: [LabConfigModule, TokensModule],
  providers: [
    // The admin token from the environment, then the tokens issued through /api/tokens.
    { provide: ACCESS_TOKEN_VERIFIER, useExisting: DatabaseTokenVerifier },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ACCESS_TOKEN_VERIFIER],
})
export class AccessModule {}
