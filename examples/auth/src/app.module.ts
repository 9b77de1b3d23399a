import {
  AccessTokens,
  LoginRateLimiter,
  OidcClient,
  RefreshTokenStore,
  ROLE_HIERARCHY,
  RolesGuard,
  SessionStore,
  type RoleHierarchy,
  type SessionCookieOptions,
} from '@lab/auth';
import { LabAppModule } from '@lab/lab-app';
import { Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import Redis from 'ioredis';
import { AdminController } from './admin/admin.controller';
import { AUTH_CONFIG, AuthAppConfig } from './config';
import { LabService } from './lab/lab.service';
import { OAuthController } from './oauth/oauth.controller';
import { PrincipalGuard } from './sessions/principal.guard';
import { SESSION_COOKIE } from './sessions/session-cookie';
import type { SessionData } from './sessions/session-data';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { REDIS } from './stores/redis';
import { REDIS_PREFIX } from './stores/seed';
import { StoresModule } from './stores/stores.module';
import { ACCESS_TOKENS, LOGIN_RATE_LIMITER, OIDC_CLIENT, REFRESH_TOKENS, SESSION_STORE } from './tokens/auth.tokens';
import { PolicyController } from './tokens/policy.controller';
import { TokensController } from './tokens/tokens.controller';
import { CredentialsService } from './users/credentials.service';
import { UsersRepository } from './users/users.repository';

/** An admin is a student too: admin routes and student routes both let them in. */
export const ROLES: RoleHierarchy = { admin: ['student'] };

/**
 * Every provider has an explicit token and every constructor an explicit `@Inject`, so wiring
 * never depends on emitted decorator metadata. The @lab/auth building blocks are plain classes
 * configured here from AuthAppConfig; the stores come from StoresModule.
 */
const providers: Provider[] = [
  {
    provide: SESSION_COOKIE,
    inject: [AUTH_CONFIG],
    useFactory: (config: AuthAppConfig): SessionCookieOptions => ({
      secure: config.sessions.secureCookie,
      sameSite: 'Lax',
    }),
  },
  {
    provide: ACCESS_TOKENS,
    inject: [AUTH_CONFIG],
    useFactory: ({ jwt }: AuthAppConfig) =>
      new AccessTokens({
        issuer: jwt.issuer,
        audience: jwt.audience,
        ttlSeconds: jwt.accessTtlSeconds,
        key: { algorithm: 'HS256', secret: jwt.key },
      }),
  },
  {
    provide: REFRESH_TOKENS,
    inject: [REDIS, AUTH_CONFIG],
    useFactory: (redis: Redis, { jwt }: AuthAppConfig) =>
      new RefreshTokenStore(redis, {
        prefix: REDIS_PREFIX,
        tokenTtlSeconds: jwt.refreshTtlSeconds,
        familyTtlSeconds: jwt.familyTtlSeconds,
      }),
  },
  {
    provide: SESSION_STORE,
    inject: [REDIS, AUTH_CONFIG],
    useFactory: (redis: Redis, config: AuthAppConfig) =>
      new SessionStore<SessionData>(redis, { prefix: REDIS_PREFIX, idleTtlSeconds: config.sessions.idleTtlSeconds }),
  },
  {
    provide: LOGIN_RATE_LIMITER,
    inject: [REDIS, AUTH_CONFIG],
    useFactory: (redis: Redis, config: AuthAppConfig) =>
      new LoginRateLimiter(redis, { prefix: REDIS_PREFIX, ...config.loginLimit }),
  },
  {
    provide: OIDC_CLIENT,
    inject: [AUTH_CONFIG],
    // Plain HTTP is acceptable only because the provider is on the sandbox's own network.
    useFactory: ({ oidc }: AuthAppConfig) => new OidcClient({ ...oidc, allowInsecureHttp: true }),
  },
  { provide: ROLE_HIERARCHY, useValue: ROLES },
  UsersRepository,
  CredentialsService,
  SessionsService,
  // Order matters: PrincipalGuard finds the caller (and checks CSRF), then RolesGuard decides.
  { provide: APP_GUARD, useClass: PrincipalGuard },
  { provide: APP_GUARD, useClass: RolesGuard },
];

@Module({
  imports: [
    StoresModule,
    LabAppModule.forRoot({
      contract: LabService,
      stores: {
        postgres: { checksum: 'SHA-256 over every table (rows in key order) and sequence' },
        redis: { checksum: 'SHA-256 over every key, type and value' },
      },
      resetDescription:
        'PostgreSQL: the working database cloned again from its seed template. Redis: FLUSHDB and the seed in ' +
        'one MULTI. Sessions, refresh families and rate-limit counters live in Redis, so everybody is logged ' +
        'out; access tokens stay valid until they expire (they are JWTs).',
    }),
  ],
  controllers: [PolicyController, TokensController, SessionsController, AdminController, OAuthController],
  providers,
})
export class AppModule {}
