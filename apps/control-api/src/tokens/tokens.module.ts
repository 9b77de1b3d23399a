import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminTokenVerifier } from '../access/admin-token.verifier';
import { LabConfigModule } from '../config.module';
import { AccessTokenEntity } from './access-token.entity';
import { ActiveTokenCache } from './active-token-cache';
import { DatabaseTokenVerifier } from './database-token.verifier';
import { FIRST_ADMIN_TOKEN_OUTPUT, FirstAdminToken } from './first-admin-token';
import { TokensController } from './tokens.controller';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';
import { TokenRevocations } from './token-revocations';

@Module({
  imports: [LabConfigModule, TypeOrmModule.forFeature([AccessTokenEntity])],
  controllers: [TokensController],
  providers: [
    TokensRepository,
    TokensService,
    TokenRevocations,
    AdminTokenVerifier,
    ActiveTokenCache,
    DatabaseTokenVerifier,
    FirstAdminToken,
    { provide: FIRST_ADMIN_TOKEN_OUTPUT, useValue: (text: string) => process.stderr.write(text) },
  ],
  exports: [DatabaseTokenVerifier, TokensService, TokenRevocations],
})
export class TokensModule {}
