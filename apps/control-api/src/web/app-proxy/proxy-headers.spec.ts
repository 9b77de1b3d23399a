import {
  APP_SANDBOX_CSP,
  downstreamResponseHeaders,
  rewriteLocation,
  scopeSetCookie,
  upstreamRequestHeaders,
  withoutLabCookies,
} from './proxy-headers';

const prefix = '/api/sandboxes/sb-0123456789abcdef/app';
const context = {
  clientIp: '10.0.0.7',
  proto: 'https',
  host: 'lab.school.lan',
  prefix,
  upstreamHost: '127.0.0.1:49153',
};

describe('upstreamRequestHeaders', () => {
  const sent = upstreamRequestHeaders(
    {
      host: 'lab.school.lan',
      authorization: 'Bearer lab_secret_token',
      cookie: 'lab_session=lab_ses_abc; theme=dark; __Host-lab_session=x; cart=3',
      connection: 'keep-alive, x-hop',
      'x-hop': 'per-connection',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic abc',
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-prefix': '/elsewhere',
      forwarded: 'for=6.6.6.6',
      'content-type': 'application/json',
      'content-length': '12',
      accept: 'text/html',
    },
    context,
  );

  it('never passes the lab credentials on: no Authorization, no session cookie, the app’s own cookies kept', () => {
    expect(sent.authorization).toBeUndefined();
    expect(sent['proxy-authorization']).toBeUndefined();
    expect(sent.cookie).toBe('theme=dark; cart=3');
  });

  it('drops hop-by-hop headers, including those the Connection header names', () => {
    expect(sent.connection).toBeUndefined();
    expect(sent['keep-alive']).toBeUndefined();
    expect(sent['x-hop']).toBeUndefined();
  });

  it('says where the browser was, replacing what the client claimed, and addresses the app as its host', () => {
    expect(sent).toMatchObject({
      host: '127.0.0.1:49153',
      'x-forwarded-for': '10.0.0.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'lab.school.lan',
      'x-forwarded-prefix': prefix,
      'content-type': 'application/json',
      'content-length': '12',
      accept: 'text/html',
    });
    expect(sent.forwarded).toBeUndefined();
  });

  it('keeps the Upgrade handshake of a WebSocket', () => {
    const ws = upstreamRequestHeaders(
      { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k', 'sec-websocket-version': '13' },
      { ...context, websocket: true },
    );
    expect(ws).toMatchObject({ connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' });
  });
});

describe('withoutLabCookies', () => {
  it('leaves no Cookie header when only the lab’s was there', () => {
    expect(withoutLabCookies('lab_session=lab_ses_abc')).toBeUndefined();
    expect(withoutLabCookies(undefined)).toBeUndefined();
  });
});

describe('downstreamResponseHeaders', () => {
  it('scopes the app’s cookies and redirects to the prefix, drops hop-by-hop and origin-wide headers', () => {
    const headers = downstreamResponseHeaders(
      {
        'content-type': 'text/html',
        'clear-site-data': '"cookies"',
        'service-worker-allowed': '/',
        'strict-transport-security': 'max-age=63072000',
        connection: 'keep-alive',
        'transfer-encoding': 'chunked',
        location: '/docs/',
        'set-cookie': ['sid=1; Path=/; HttpOnly; Domain=127.0.0.1', 'lab_session=stolen; Path=/'],
      },
      context,
    );
    expect(headers).toEqual({
      'content-type': 'text/html',
      location: `${prefix}/docs/`,
      'set-cookie': [`sid=1; Path=${prefix}/; HttpOnly`],
      'content-security-policy': APP_SANDBOX_CSP,
    });
  });

  it('makes every answer an opaque origin, adding the sandbox to the app’s own policy', () => {
    expect(APP_SANDBOX_CSP).toMatch(/^sandbox /);
    expect(APP_SANDBOX_CSP).not.toContain('allow-same-origin');
    const headers = downstreamResponseHeaders({ 'content-security-policy': "default-src 'self'" }, context);
    expect(headers['content-security-policy']).toEqual(["default-src 'self'", APP_SANDBOX_CSP]);
  });
});

describe('scopeSetCookie', () => {
  it('maps each Path under the prefix and keeps the other attributes', () => {
    expect(scopeSetCookie('a=b; path=/auth; Max-Age=60; SameSite=Lax', prefix)).toBe(
      `a=b; Path=${prefix}/auth; Max-Age=60; SameSite=Lax`,
    );
    expect(scopeSetCookie('a=b', prefix)).toBe('a=b');
  });

  it('refuses a cookie named like the lab’s session, in any spelling', () => {
    expect(scopeSetCookie('__Secure-lab_session=x; Secure', prefix)).toBeUndefined();
  });
});

describe('rewriteLocation', () => {
  it('keeps redirects into the app inside the prefix and leaves other sites alone', () => {
    expect(rewriteLocation('http://127.0.0.1:49153/health?x=1', context)).toBe(`${prefix}/health?x=1`);
    expect(rewriteLocation('https://example.org/', context)).toBe('https://example.org/');
    expect(rewriteLocation('//example.org/x', context)).toBe('//example.org/x');
    expect(rewriteLocation('docs/', context)).toBe('docs/');
  });
});
