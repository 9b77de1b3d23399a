import { atAppRoot, isConfinedPath, parseAppProxyUrl } from './app-proxy-path';

const id = 'sb-0123456789abcdef';
const prefix = `/api/sandboxes/${id}/app`;

describe('parseAppProxyUrl', () => {
  it('passes the path after the prefix on with its query, byte for byte', () => {
    expect(parseAppProxyUrl(`${prefix}/sql/books?limit=3&q=a%20b`)).toEqual({
      kind: 'forward',
      sandboxId: id,
      prefix,
      path: '/sql/books?limit=3&q=a%20b',
    });
    expect(parseAppProxyUrl(`${prefix}/`)).toMatchObject({ kind: 'forward', path: '/' });
    expect(parseAppProxyUrl(`${prefix}/docs/`)).toMatchObject({ kind: 'forward', path: '/docs/' });
  });

  it('reads a grant after the prefix: the prefix then includes it, the app gets the rest', () => {
    const grant = 'A'.repeat(42) + '_';
    expect(parseAppProxyUrl(`${prefix}/~${grant}/docs/?x=1`)).toEqual({
      kind: 'forward',
      sandboxId: id,
      prefix: `${prefix}/~${grant}`,
      path: '/docs/?x=1',
      grant,
    });
    expect(parseAppProxyUrl(`${prefix}/~${grant}`)).toEqual({
      kind: 'redirect',
      sandboxId: id,
      grant,
      location: `${prefix}/~${grant}/`,
    });
    expect(parseAppProxyUrl(`${prefix}/~${grant}/%2e%2e/x`)).toEqual({ kind: 'bad-path' });
    // Not a grant's shape: an ordinary path of the app.
    expect(parseAppProxyUrl(`${prefix}/~short/x`)).toMatchObject({ kind: 'forward', prefix, path: '/~short/x' });
  });

  it('redirects the prefix without its slash to the prefix with it, keeping the query', () => {
    expect(parseAppProxyUrl(prefix)).toEqual({ kind: 'redirect', sandboxId: id, location: `${prefix}/` });
    expect(parseAppProxyUrl(`${prefix}?a=1`)).toMatchObject({ location: `${prefix}/?a=1` });
  });

  it('takes the prefix without its slash as the app’s root for a WebSocket', () => {
    expect(atAppRoot({ kind: 'redirect', sandboxId: id, location: `${prefix}/?a=1` })).toEqual({
      kind: 'forward',
      sandboxId: id,
      prefix,
      path: '/?a=1',
    });
  });

  it('is not concerned with other routes', () => {
    expect(parseAppProxyUrl(`/api/sandboxes/${id}`)).toBeUndefined();
    expect(parseAppProxyUrl(`/api/sandboxes/${id}/application`)).toBeUndefined();
    expect(parseAppProxyUrl(`/sandboxes/${id}/app/`)).toBeUndefined();
  });

  it('answers a malformed sandbox id as an unknown sandbox', () => {
    expect(parseAppProxyUrl('/api/sandboxes/..%2f..%2ftokens/app/')).toMatchObject({ kind: 'unknown-sandbox' });
    expect(parseAppProxyUrl('/api/sandboxes/SB-0123456789ABCDEF/app/')).toMatchObject({ kind: 'unknown-sandbox' });
  });

  it.each([
    `${prefix}/../../tokens`,
    `${prefix}/docs/../../../x`,
    `${prefix}/%2e%2e/%2E%2E/tokens`,
    `${prefix}/.%2e/x`,
    `${prefix}/./health`,
    `${prefix}/a%2f..%2f..%2fb`,
    `${prefix}/a%5c..%5cb`,
    `${prefix}/a\\..\\b`,
    `${prefix}/a%00b`,
    `${prefix}/%E0%A4%A`,
  ])('refuses a path that could climb out of the prefix: %s', (url) => {
    expect(parseAppProxyUrl(url)).toEqual({ kind: 'bad-path' });
  });
});

describe('isConfinedPath', () => {
  it('accepts ordinary paths, dots inside names and encoded characters that are not separators', () => {
    expect(isConfinedPath('/docs/swagger-ui.css')).toBe(true);
    expect(isConfinedPath('/files/..hidden/a..b')).toBe(true);
    expect(isConfinedPath('/search/caf%C3%A9%20au%20lait')).toBe(true);
  });
});
