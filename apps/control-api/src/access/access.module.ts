import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LabConfigModule } from '../config.module';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_VERIFIER } from './access-token.verifier';
import { AdminTokenVerifier } from './admin-token.verifier';

@Module({
  imports: [LabConfigModule],
  providers: [
    { provide: ACCESS_TOKEN_VERIFIER, useClass: AdminTokenVerifier },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ACCESS_TOKEN_VERIFIER],
})
export class AccessModule {}
