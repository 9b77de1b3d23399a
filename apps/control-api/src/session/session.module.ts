import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { TokensModule } from '../tokens/tokens.module';
import { BrowserSessionEntity } from './browser-session.entity';
import { BrowserSessions } from './browser-sessions.service';
import { BrowserSessionsRepository } from './browser-sessions.repository';
import { Credentials } from './credentials';
import { SessionController } from './session.controller';
import { SessionCookies } from './session-cookies';

/**
 * Browser sessions: sign-in with a token, the HttpOnly cookie, sign-out. Shows `SessionCookies`
 * (routes that sign in: join) and `Credentials` (the AccessGuard, streams) to other modules.
 */
@Module({
  imports: [LabConfigModule, TokensModule, TypeOrmModule.forFeature([BrowserSessionEntity])],
  controllers: [SessionController],
  providers: [BrowserSessionsRepository, BrowserSessions, Credentials, SessionCookies],
  exports: [Credentials, SessionCookies, BrowserSessions],
})
export class SessionModule {}
