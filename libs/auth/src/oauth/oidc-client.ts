import type { Configuration } from 'openid-client';

export interface OidcClientOptions {
  /** The provider's issuer URL; its discovery document lives under /.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Must be registered at the provider exactly as written. */
  redirectUri: string;
  scope?: string;
  /**
   * Permit plain-HTTP provider URLs. Only for a provider on the sandbox's own network or loopback:
   * over a real network, code and tokens would travel in clear text.
   */
  allowInsecureHttp?: boolean;
}

/** What the client must remember between redirect and callback (in the server-side session). */
export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
}

export interface OidcLogin {
  subject: string;
  /** Verified ID-token claims (signature, iss, aud, exp, nonce checked by openid-client). */
  claims: Record<string, unknown>;
  accessToken: string;
}

/**
 * OAuth 2.0 authorization code flow with PKCE (RFC 7636) plus OpenID Connect, on openid-client
 * (certified relying-party library). PKCE binds the code to this login attempt: an intercepted code
 * is useless without the verifier that never left the server. state and nonce guard the callback
 * against CSRF and the ID token against replay.
 */
export class OidcClient {
  private configuration?: Promise<Configuration>;

  constructor(private readonly options: OidcClientOptions) {}

  /** The URL to redirect the browser to, and the secrets to keep in the session until the callback. */
  async beginLogin(): Promise<{ url: string; pending: PendingLogin }> {
    const client = await loadOpenidClient();
    const config = await this.discover();
    const pending = {
      codeVerifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope ?? 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code from the callback URL (with the code_verifier) and validates the ID token. */
  async completeLogin(callbackUrl: string, pending: PendingLogin): Promise<OidcLogin> {
    const client = await loadOpenidClient();
    const config = await this.discover();
    const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('provider returned no ID token');
    return { subject: claims.sub, claims: { ...claims }, accessToken: tokens.access_token };
  }

  /** Discovery once, lazily; a failed attempt is forgotten so the next login retries it. */
  private discover(): Promise<Configuration> {
    this.configuration ??= (async () => {
      const client = await loadOpenidClient();
      const { issuer, clientId, clientSecret, allowInsecureHttp } = this.options;
      return client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
        execute: allowInsecureHttp ? [client.allowInsecureRequests] : [],
      });
    })().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }
}

/** ESM-only, loaded at first use: see load-jose.ts for why. */
function loadOpenidClient(): Promise<typeof import('openid-client')> {
  return import('openid-client');
}
