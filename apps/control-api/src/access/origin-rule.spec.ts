import { checkOrigin, isStateChanging, normaliseOrigin, originVerdict, ownOrigins } from './origin-rule';

describe('the Origin rule of cookie-authenticated requests', () => {
  const own = ['http://127.0.0.1:3000'];

  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('lets %s through without an Origin (pages, EventSource)', (method) => {
    expect(checkOrigin(method, undefined, own)).toEqual({ allowed: true });
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'delete'])('counts %s as a change', (method) => {
    expect(isStateChanging(method)).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a %s without an Origin and says what to send', (method) => {
    expect(checkOrigin(method, undefined, own)).toEqual({
      allowed: false,
      detail: expect.stringContaining('must carry an Origin header (http://127.0.0.1:3000)'),
    });
    expect(checkOrigin(method, '  ', own)).toMatchObject({ allowed: false });
  });

  it.each([
    'http://127.0.0.1:3001',
    'https://127.0.0.1:3000',
    'http://localhost:3000',
    'http://127.0.0.1:3000.evil.example',
    'null',
    'not a url',
    'file:///tmp/page.html',
  ])('refuses the foreign Origin %p', (origin) => {
    expect(checkOrigin('POST', origin, own)).toEqual({
      allowed: false,
      detail: expect.stringContaining(`${JSON.stringify(origin)} is not this API's (http://127.0.0.1:3000)`),
    });
  });

  it('accepts its own Origin as browsers write it, whatever the case or a default port', () => {
    expect(checkOrigin('POST', 'http://127.0.0.1:3000', own)).toEqual({ allowed: true });
    expect(checkOrigin('DELETE', 'HTTPS://Lab.School.LAN:443', ['https://lab.school.lan'])).toEqual({ allowed: true });
  });

  it('works out its own origins from the scheme and Host, plus LAB_PUBLIC_URL', () => {
    expect(ownOrigins('http', '127.0.0.1:3000')).toEqual(['http://127.0.0.1:3000']);
    expect(ownOrigins('https', 'Lab.School.lan', 'https://lab.school.lan')).toEqual(['https://lab.school.lan']);
    expect(ownOrigins('http', '127.0.0.1:3000', 'https://lab.school.lan')).toEqual([
      'http://127.0.0.1:3000',
      'https://lab.school.lan',
    ]);
    expect(ownOrigins('http', undefined, 'https://lab.school.lan')).toEqual(['https://lab.school.lan']);
    expect(ownOrigins('http', 'bad host/with a path')).toEqual([]);
  });

  it('judges one request: the scheme counts, so https behind an untrusted proxy does not match', () => {
    const request = {
      method: 'POST',
      protocol: 'http',
      host: 'lab.school.lan',
      headers: { origin: 'https://lab.school.lan' },
    };
    expect(originVerdict(request)).toMatchObject({ allowed: false });
    expect(originVerdict({ ...request, protocol: 'https' })).toEqual({ allowed: true });
    expect(originVerdict(request, 'https://lab.school.lan')).toEqual({ allowed: true });
  });

  it('normalises only http and https origins', () => {
    expect(normaliseOrigin('http://EXAMPLE.org:80/path?q')).toBe('http://example.org');
    expect(normaliseOrigin('ws://example.org')).toBeUndefined();
  });
});
