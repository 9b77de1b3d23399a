// Public surface of @lab/auth: framework-light building blocks for the auth example. Everything
// that talks to Redis takes an ioredis client; configuration always comes in as arguments.
// ESM-only dependencies (jose, openid-client, oidc-provider) load at first use, so importing this
// barrel never requires them (see tokens/load-jose.ts).
export { PasswordHasher, OWASP_ARGON2ID, needsRehash, type Argon2Policy } from './passwords/password-hasher';
export { parseArgon2Phc, type Argon2Phc } from './passwords/phc';
export * from './tokens/access-tokens';
export * from './tokens/refresh-tokens';
export * from './sessions/session-store';
export * from './revocation/credentials-epoch';
export * from './sessions/cookies';
export * from './csrf/csrf';
export * from './authorization/roles';
export * from './rate-limit/login-rate-limiter';
export * from './oauth/oidc-client';
export {
  startOidcProvider,
  type OidcProviderConfig,
  type OidcTestUser,
  type RunningOidcProvider,
} from './oauth/oidc-provider-server';
export { randomId } from './redis/random-id';
