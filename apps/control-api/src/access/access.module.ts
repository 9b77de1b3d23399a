import { LabConfig } from '@lab/config';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { DatabaseTokenVerifier } from '../tokens/database-token.verifier';
import { SessionModule } from '../session/session.module';
import { Credentials } from '../session/credentials';
import { TokensModule } from '../tokens/tokens.module';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_VERIFIER } from './access-token.verifier';
import { HitWindowStorage } from './hit-window-storage';
import { CREDENTIAL_VERIFIER } from './credential';
import { RateLimitGuard } from './rate-limit.guard';

@Module({
  imports: [
    LabConfigModule,
    TokensModule,
    SessionModule,
    ThrottlerModule.forRootAsync({
      imports: [LabConfigModule],
      inject: [LAB_CONFIG],
      useFactory: (config: LabConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        // The package's own storage scans every hit of the minute at every request (hit-window-storage.ts).
        storage: new HitWindowStorage(),
      }),
    }),
  ],
  providers: [
    // The admin token from the environment, then the tokens issued through /api/tokens.
    { provide: ACCESS_TOKEN_VERIFIER, useExisting: DatabaseTokenVerifier },
    // Either credential: a bearer token, or a browser session's cookie (which stands for a token).
    { provide: CREDENTIAL_VERIFIER, useExisting: Credentials },
    // Global guards run in this order: count the request, then check its access.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ACCESS_TOKEN_VERIFIER, CREDENTIAL_VERIFIER],
})
export class AccessModule {}
