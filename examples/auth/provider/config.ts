import type { OidcProviderConfig } from '@lab/auth';
import { PROVIDER_USERS } from './users';

/**
 * The provider service's configuration, from its environment (the only file here that reads
 * process.env). In a sandbox the issuer is the provider's name on the sandbox network,
 * `http://provider:4000`: the app reaches it there for discovery, tokens and keys.
 */
type Env = Record<string, string | undefined>;

export function loadProviderConfig(env: Env = process.env): OidcProviderConfig {
  const port = Number(env['PORT'] ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  const clientSecret = env['OIDC_CLIENT_SECRET'];
  const cookieKey = env['OIDC_COOKIE_KEY'];
  if (!clientSecret) throw new Error('OIDC_CLIENT_SECRET is required');
  if (!cookieKey) throw new Error('OIDC_COOKIE_KEY is required');
  const redirectUris = (env['OIDC_REDIRECT_URIS'] ?? 'http://app:3000/oauth/callback')
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  return {
    host: env['HOST'] ?? '0.0.0.0',
    port,
    // Unset with port 0 (tests): derived from the port actually bound.
    issuer: env['OIDC_ISSUER'] || (port === 0 ? undefined : `http://provider:${port}`),
    client: { clientId: env['OIDC_CLIENT_ID'] ?? 'lab-app', clientSecret, redirectUris },
    users: PROVIDER_USERS,
    cookieKeys: [cookieKey],
  };
}
