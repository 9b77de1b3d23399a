import {
  AccessTokens,
  LoginRateLimiter,
  OidcClient,
  PasswordHasher,
  RefreshTokenStore,
  ROLE_HIERARCHY,
  RolesGuard,
  SessionStore,
  type RoleHierarchy,
  type SessionCookieOptions,
} from '@lab/auth';
import { resetRedis } from '@lab/caching';
import { Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import Redis from 'ioredis';
import { AdminController } from './admin/admin.controller';
import { AUTH_CONFIG, AuthAppConfig, loadAuthConfig } from './config';
import { HealthController } from './health/health.controller';
import { LabController } from './lab/lab.controller';
import { LabService } from './lab/lab.service';
import { OAuthController } from './oauth/oauth.controller';
import { PrincipalGuard } from './sessions/principal.guard';
import { SESSION_COOKIE } from './sessions/session-cookie';
import type { SessionData } from './sessions/session-data';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { AuthDatabase } from './stores/database';
import { connectRedis, REDIS } from './stores/redis';
import { REDIS_PREFIX, REDIS_SEED, SEED_MARKER_KEY } from './stores/seed';
import { seedUsers } from './stores/seed-users';
import {
  ACCESS_TOKENS,
  LOGIN_RATE_LIMITER,
  OIDC_CLIENT,
  PASSWORD_HASHER,
  REFRESH_TOKENS,
  SESSION_STORE,
} from './tokens/auth.tokens';
import { PolicyController } from './tokens/policy.controller';
import { TokensController } from './tokens/tokens.controller';
import { CredentialsService } from './users/credentials.service';
import { UsersRepository } from './users/users.repository';

/** An admin is a student too: admin routes and student routes both let them in. */
export const ROLES: RoleHierarchy = { admin: ['student'] };

/**
 * Every provider has an explicit token and every constructor an explicit `@Inject`, so wiring
 * never depends on emitted decorator metadata. The @lab/auth building blocks are plain classes
 * configured here from AuthAppConfig.
 */
const providers: Provider[] = [
  { provide: AUTH_CONFIG, useFactory: () => loadAuthConfig() },
  { provide: PASSWORD_HASHER, useFactory: () => new PasswordHasher() },
  {
    provide: REDIS,
    inject: [AUTH_CONFIG],
    useFactory: async (config: AuthAppConfig) => {
      const redis = await connectRedis(config.redis);
      // Idempotent: the marker is the seed's last key, so it exists only once the seed is complete.
      if (!(await redis.exists(SEED_MARKER_KEY))) await resetRedis(redis, REDIS_SEED);
      return redis;
    },
  },
  {
    provide: AuthDatabase,
    inject: [AUTH_CONFIG, PASSWORD_HASHER],
    useFactory: async (config: AuthAppConfig, hasher: PasswordHasher) => {
      const db = new AuthDatabase(config.postgres);
      await db.open((fresh) => seedUsers(fresh, hasher));
      return db;
    },
  },
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
  LabService,
  // Order matters: PrincipalGuard finds the caller (and checks CSRF), then RolesGuard decides.
  { provide: APP_GUARD, useClass: PrincipalGuard },
  { provide: APP_GUARD, useClass: RolesGuard },
];

@Module({
  controllers: [
    HealthController,
    LabController,
    PolicyController,
    TokensController,
    SessionsController,
    AdminController,
    OAuthController,
  ],
  providers,
})
export class AppModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AuthDatabase) private readonly db: AuthDatabase,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.db.close();
  }
}
