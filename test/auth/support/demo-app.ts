import {
  AccessTokenRejected,
  AccessTokens,
  CSRF_HEADER,
  LoginRateLimiter,
  OidcClient,
  PasswordHasher,
  RefreshTokenRejected,
  RefreshTokenStore,
  SessionStore,
  checkCsrf,
  clearSessionCookie,
  createCsrfToken,
  hasAnyRole,
  parseCookieHeader,
  serializeSessionCookie,
  sessionCookieName,
  type PendingLogin,
  type SessionCookieOptions,
} from '@lab/auth';
import Redis from 'ioredis';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small app wired from @lab/auth the way examples/auth will be, run by the integration tests as
 * a child process under tsx: jose and openid-client are ESM-only, which plain Node ≥ 20.19 loads
 * natively but jest's module system on Node 20 cannot. Config arrives as one JSON argument.
 */
export interface DemoAppConfig {
  port: number;
  redis: { host: string; port: number; password: string };
  prefix: string;
  jwt: { issuer: string; audience: string; secret: string; ttlSeconds: number };
  rateLimit: { maxAttempts: number; windowSeconds: number };
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string };
}

interface SessionData {
  csrfToken: string;
  user?: { username: string; roles: string[] };
  pendingOidc?: PendingLogin;
}

interface StoredUser {
  hash: string;
  roles: string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body['error'] ?? status));
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as DemoAppConfig;
  const redis = new Redis({ ...config.redis, lazyConnect: true });
  await redis.connect();
  const { prefix } = config;
  const cookie: SessionCookieOptions = { secure: false, sameSite: 'Lax' };
  const hasher = new PasswordHasher();
  const sessions = new SessionStore<SessionData>(redis, { prefix, idleTtlSeconds: 1800 });
  const limiter = new LoginRateLimiter(redis, { prefix, ...config.rateLimit });
  const refresh = new RefreshTokenStore(redis, { prefix, tokenTtlSeconds: 3600, familyTtlSeconds: 86_400 });
  const access = new AccessTokens({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.ttlSeconds,
    key: { algorithm: 'HS256', secret: Buffer.from(config.jwt.secret, 'base64url') },
  });
  const oidc = config.oidc && new OidcClient({ ...config.oidc, allowInsecureHttp: true });

  const userKey = (username: string) => `${prefix}:user:${username.toLowerCase()}`;
  const findUser = async (username: string) => {
    const raw = await redis.get(userKey(username));
    return raw ? (JSON.parse(raw) as StoredUser) : undefined;
  };

  /** Password check behind the rate limit; upgrades the stored hash when the policy changed. */
  async function authenticate(req: IncomingMessage, username: string, password: string): Promise<StoredUser> {
    const ip = req.socket.remoteAddress ?? 'unknown';
    const decision = await limiter.hit(username, ip);
    if (!decision.allowed) {
      const retryAfter = String(decision.retryAfterSeconds);
      throw new HttpError(
        429,
        { error: 'too_many_attempts', retryAfterSeconds: decision.retryAfterSeconds },
        { 'retry-after': retryAfter },
      );
    }
    const user = await findUser(username);
    // Without a user, still spend one hash: otherwise response time tells which usernames exist.
    const ok = user ? await hasher.verify(user.hash, password) : (await hasher.hash(password), false);
    if (!user || !ok) throw new HttpError(401, { error: 'invalid_credentials', remaining: decision.remaining });
    await limiter.reset(username, ip);
    if (hasher.needsRehash(user.hash)) {
      user.hash = await hasher.hash(password);
      await redis.set(userKey(username), JSON.stringify(user));
    }
    return user;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://app');
    const route = `${req.method} ${url.pathname}`;
    const sessionId = parseCookieHeader(req.headers.cookie).get(sessionCookieName(cookie));
    const session = await sessions.get(sessionId);
    const requireCsrf = () => {
      const verdict = checkCsrf({
        method: req.method ?? 'GET',
        sessionToken: session?.data.csrfToken,
        presentedToken: req.headers[CSRF_HEADER] as string | undefined,
      });
      if (!verdict.ok) throw new HttpError(403, { error: 'csrf', reason: verdict.reason });
    };

    switch (route) {
      case 'POST /register': {
        const {
          username,
          password,
          roles = [],
        } = (await readJson(req)) as { username: string; password: string; roles?: string[] };
        const stored: StoredUser = { hash: await hasher.hash(password), roles };
        const created = await redis.set(userKey(username), JSON.stringify(stored), 'NX');
        if (!created) throw new HttpError(409, { error: 'username_taken' });
        return send(res, 201, { username });
      }
      case 'GET /session': {
        // An anonymous session exists before login: it carries the CSRF token for the login form.
        if (session) return send(res, 200, { csrfToken: session.data.csrfToken, user: session.data.user ?? null });
        const created = await sessions.create({ csrfToken: createCsrfToken() });
        res.setHeader('set-cookie', serializeSessionCookie(created.id, cookie));
        return send(res, 200, { csrfToken: created.data.csrfToken, user: null });
      }
      case 'POST /login': {
        requireCsrf();
        const { username, password } = (await readJson(req)) as { username: string; password: string };
        const user = await authenticate(req, username, password);
        // Fixation defence: a new id (and a new CSRF token) for the authenticated session.
        const next = await sessions.regenerate(sessionId, {
          csrfToken: createCsrfToken(),
          user: { username, roles: user.roles },
        });
        res.setHeader('set-cookie', serializeSessionCookie(next.id, cookie));
        return send(res, 200, { csrfToken: next.data.csrfToken });
      }
      case 'POST /logout': {
        requireCsrf();
        await sessions.destroy(sessionId);
        res.setHeader('set-cookie', clearSessionCookie(cookie));
        return send(res, 204);
      }
      case 'POST /notes': {
        if (!session?.data.user) throw new HttpError(401, { error: 'login_required' });
        requireCsrf();
        return send(res, 201, { saved: await readJson(req), by: session.data.user.username });
      }
      case 'GET /admin': {
        const user = session?.data.user;
        if (!user) throw new HttpError(401, { error: 'login_required' });
        if (!hasAnyRole({ subject: user.username, roles: user.roles }, ['admin']))
          throw new HttpError(403, { error: 'forbidden' });
        return send(res, 200, { welcome: user.username });
      }
      case 'POST /api/token': {
        const { username, password } = (await readJson(req)) as { username: string; password: string };
        const user = await authenticate(req, username, password);
        const issued = await refresh.issue(username);
        return send(res, 200, { accessToken: await access.issue(username, user.roles), refreshToken: issued.token });
      }
      case 'POST /api/refresh': {
        const { refreshToken } = (await readJson(req)) as { refreshToken: string };
        const rotated = await refresh.rotate(refreshToken);
        const user = await findUser(rotated.subject);
        return send(res, 200, {
          accessToken: await access.issue(rotated.subject, user?.roles ?? []),
          refreshToken: rotated.token,
        });
      }
      case 'GET /api/me': {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer) throw new HttpError(401, { error: 'missing_token' });
        return send(res, 200, await access.verify(bearer));
      }
      case 'GET /oauth/start': {
        if (!oidc) throw new HttpError(404, { error: 'oidc_not_configured' });
        const { url: location, pending } = await oidc.beginLogin();
        const created = await sessions.regenerate(sessionId, { csrfToken: createCsrfToken(), pendingOidc: pending });
        res.setHeader('set-cookie', serializeSessionCookie(created.id, cookie));
        return void res.writeHead(302, { location }).end();
      }
      case 'GET /oauth/callback': {
        const pending = session?.data.pendingOidc;
        if (!oidc || !session || !pending) throw new HttpError(400, { error: 'no_login_in_progress' });
        const login = await oidc.completeLogin(`${config.oidc!.redirectUri}${url.search}`, pending);
        const user = { username: login.subject, roles: [] };
        const next = await sessions.regenerate(session.id, { csrfToken: createCsrfToken(), user });
        res.setHeader('set-cookie', serializeSessionCookie(next.id, cookie));
        return send(res, 200, { subject: login.subject, claims: login.claims });
      }
      default:
        throw new HttpError(404, { error: 'not_found' });
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, error.body, error.headers);
      if (error instanceof AccessTokenRejected || error instanceof RefreshTokenRejected) {
        return send(res, 401, { error: 'invalid_token', reason: error.reason });
      }
      console.error(error);
      send(res, 500, { error: 'internal', message: (error as Error).message });
    });
  });
  server.listen(config.port, '127.0.0.1');
  await once(server, 'listening');
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    redis.disconnect();
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body ? JSON.parse(body) : {};
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) return void res.writeHead(status, headers).end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
