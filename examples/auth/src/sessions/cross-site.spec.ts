import { csrfVerdict, isCrossSite } from './cross-site';

describe('cross-site requests', () => {
  it('trusts Sec-Fetch-Site first, then compares Origin with Host', () => {
    expect(isCrossSite({ host: 'localhost:3000' })).toBe(false);
    expect(isCrossSite({ host: 'localhost:3000', secFetchSite: 'same-origin' })).toBe(false);
    expect(isCrossSite({ host: 'localhost:3000', secFetchSite: 'none' })).toBe(false);
    expect(isCrossSite({ host: 'localhost:3000', secFetchSite: 'cross-site' })).toBe(true);
    expect(isCrossSite({ host: 'localhost:3000', secFetchSite: 'same-site' })).toBe(true);
    expect(isCrossSite({ host: 'localhost:3000', origin: 'http://localhost:3000' })).toBe(false);
    expect(isCrossSite({ host: 'localhost:3000', origin: 'https://evil.example' })).toBe(true);
    expect(isCrossSite({ host: 'localhost:3000', origin: 'null' })).toBe(true);
    expect(isCrossSite({ host: 'localhost:3000', origin: 'not a url' })).toBe(true);
  });

  it('demands the synchronizer token once there is a session, the same-site check before', () => {
    const origin = { host: 'app:3000', origin: 'https://evil.example' };
    expect(csrfVerdict({ method: 'POST', hasSession: false, origin })).toEqual({ ok: false, reason: 'cross-site' });
    expect(csrfVerdict({ method: 'GET', hasSession: false, origin })).toEqual({ ok: true });
    expect(csrfVerdict({ method: 'POST', hasSession: false, origin: { host: 'app:3000' } })).toEqual({ ok: true });
    const session = { method: 'POST', hasSession: true, sessionToken: 'token-1', origin: { host: 'app:3000' } };
    expect(csrfVerdict(session)).toEqual({ ok: false, reason: 'missing-token' });
    expect(csrfVerdict({ ...session, presentedToken: 'token-2' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(csrfVerdict({ ...session, presentedToken: 'token-1' })).toEqual({ ok: true });
    expect(csrfVerdict({ ...session, method: 'GET' })).toEqual({ ok: true });
  });
});
