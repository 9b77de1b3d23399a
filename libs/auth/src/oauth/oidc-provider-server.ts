import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { ClientMetadata, Configuration as ProviderConfiguration } from 'oidc-provider';
import { loadJose } from '../tokens/load-jose';
import { constantTimeEqual } from '../csrf/csrf';
import { renderConsent, renderLogin } from './interaction-pages';

export interface OidcTestUser {
  username: string;
  /** Plain text on purpose: a throwaway sandbox identity that students type into the login page. */
  password: string;
  /** Stable subject identifier; defaults to the username. */
  subject?: string;
  claims?: { name?: string; email?: string; [claim: string]: unknown };
}

export interface OidcProviderConfig {
  /** Interface to listen on: 0.0.0.0 inside a container, 127.0.0.1 in tests. */
  host: string;
  /** 0 picks a free port (then the issuer is derived from it). */
  port: number;
  /** Public issuer URL as clients reach it; defaults to http://<host>:<port>. */
  issuer?: string;
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  users: OidcTestUser[];
  /** Keys that sign the provider's cookies; the first signs, all verify (rotation). */
  cookieKeys: string[];
  /** Signing keys for ID tokens (the first one's `alg` signs); an ephemeral ES256 key is generated when omitted. */
  jwks?: { keys: JWK[] };
}

export interface RunningOidcProvider {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

/**
 * An OpenID provider (oidc-provider, certified) with a login page and a consent page, for the
 * sandbox to run as its own service. It speaks plain HTTP: TLS belongs to whatever fronts the
 * sandbox. PKCE is required for every client, not only public ones (RFC 9700 §2.1.1).
 *
 * oidc-provider is ESM-only: under Node ≥ 20.19 the compiled dynamic import loads it natively; it
 * cannot load inside jest on Node < 24.9, so tests run this in a child process (provider-main.ts).
 */
export async function startOidcProvider(config: OidcProviderConfig): Promise<RunningOidcProvider> {
  const { default: ProviderClass } = await import('oidc-provider');
  // The issuer names the port, so the provider is built after listen(); until then: 503.
  const ready: { provider?: Provider } = {};
  const server = createServer((req, res) => {
    if (!ready.provider) return void res.writeHead(503).end();
    handle(ready.provider, config, req, res).catch((error: unknown) => fail(res, error));
  });
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const issuer = config.issuer ?? `http://${config.host}:${port}`;
  ready.provider = new ProviderClass(issuer, await providerConfiguration(config));
  return { issuer, port, close: () => closeServer(server) };
}

async function providerConfiguration(config: OidcProviderConfig): Promise<ProviderConfiguration> {
  const users = new Map(config.users.map((user) => [user.subject ?? user.username, user]));
  const jwks = config.jwks ?? (await ephemeralJwks());
  return {
    clients: [
      {
        client_id: config.client.clientId,
        client_secret: config.client.clientSecret,
        redirect_uris: config.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        // The client's ID tokens are signed with the key the provider has (oidc-provider's default is RS256).
        id_token_signed_response_alg: (jwks.keys[0]?.alg ?? 'RS256') as ClientMetadata['id_token_signed_response_alg'],
      },
    ],
    pkce: { required: () => true },
    cookies: { keys: config.cookieKeys },
    jwks,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    // Put the granted profile claims into the ID token too, so a client sees them without a userinfo call.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, subject) => {
      const user = users.get(subject);
      if (!user) return undefined;
      return {
        accountId: subject,
        claims: () => ({ sub: subject, preferred_username: user.username, ...user.claims }),
      };
    },
  };
}

/**
 * A P-256 key made at start: about a millisecond, where an RSA-2048 key took 0.1–0.5 s of the
 * provider's start on the sandbox's critical path (ES256 is in every OpenID client's list).
 */
async function ephemeralJwks(): Promise<{ keys: JWK[] }> {
  const { exportJWK, generateKeyPair } = await loadJose();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'sandbox-1' }] };
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm))?$/;

/** The interaction routes (login, consent) are ours; everything else is the provider's. */
async function handle(provider: Provider, config: OidcProviderConfig, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const match = INTERACTION.exec(path);
  if (!match) return provider.callback()(req, res);
  const action = match[2];
  const details = await provider.interactionDetails(req, res);
  res.setHeader('cache-control', 'no-store');

  if (req.method === 'GET' && !action) {
    const client = details.params['client_id'] as string;
    const page =
      details.prompt.name === 'login' ? renderLogin(details.uid, client) : renderConsent(details.uid, client);
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  }
  if (req.method === 'POST' && action === 'login' && details.prompt.name === 'login') {
    const form = await readForm(req);
    const user = config.users.find((candidate) => candidate.username === form.get('username'));
    if (!user || !constantTimeEqual(user.password, form.get('password') ?? '')) {
      const page = renderLogin(details.uid, details.params['client_id'] as string, 'Wrong username or password.');
      return void res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    }
    const accountId = user.subject ?? user.username;
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'confirm' && details.prompt.name === 'consent') {
    await readForm(req);
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params['client_id'] as string });
    if (!grant) throw new Error('grant vanished during the interaction');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  res
    .writeHead(400, { 'content-type': 'text/plain' })
    .end(`unexpected ${req.method} in the ${details.prompt.name} step`);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16_384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function fail(res: ServerResponse, error: unknown) {
  // oidc-provider's own errors (expired interaction, unknown uid) carry a status; keep it.
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(status === 500 ? 'internal error' : (error as Error).message);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
