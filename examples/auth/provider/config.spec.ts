import { loadProviderConfig } from './config';

describe('loadProviderConfig', () => {
  const env = { OIDC_CLIENT_SECRET: 'client-secret', OIDC_COOKIE_KEY: 'cookie-key' };

  it('defaults to the sandbox: provider:4000 as issuer, the app callback as redirect URI', () => {
    const config = loadProviderConfig(env);
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 4000,
      issuer: 'http://provider:4000',
      client: { clientId: 'lab-app', clientSecret: 'client-secret', redirectUris: ['http://app:3000/oauth/callback'] },
      cookieKeys: ['cookie-key'],
    });
    expect(config.users.map((user) => user.username)).toEqual(['ada', 'grace']);
  });

  it('takes the issuer and redirect URIs from the environment, and derives the issuer for port 0', () => {
    const config = loadProviderConfig({
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      OIDC_REDIRECT_URIS: 'http://127.0.0.1:1/cb, http://127.0.0.1:2/cb',
    });
    expect(config.issuer).toBeUndefined();
    expect(config.client.redirectUris).toEqual(['http://127.0.0.1:1/cb', 'http://127.0.0.1:2/cb']);
    expect(loadProviderConfig({ ...env, OIDC_ISSUER: 'http://idp:9000' }).issuer).toBe('http://idp:9000');
  });

  it('requires its secrets', () => {
    expect(() => loadProviderConfig({ OIDC_COOKIE_KEY: 'k' })).toThrow(/OIDC_CLIENT_SECRET/);
    expect(() => loadProviderConfig({ OIDC_CLIENT_SECRET: 's' })).toThrow(/OIDC_COOKIE_KEY/);
    expect(() => loadProviderConfig({ ...env, PORT: '70000' })).toThrow(/PORT/);
  });
});
