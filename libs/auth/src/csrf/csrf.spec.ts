import { checkCsrf, constantTimeEqual, createCsrfToken } from './csrf';

describe('csrf', () => {
  const token = createCsrfToken();

  it('lets safe methods through without a token', () => {
    expect(checkCsrf({ method: 'GET', sessionToken: undefined, presentedToken: undefined })).toEqual({ ok: true });
    expect(checkCsrf({ method: 'head', sessionToken: token, presentedToken: undefined })).toEqual({ ok: true });
  });

  it('rejects a state-changing request without, or with a wrong, token', () => {
    expect(checkCsrf({ method: 'POST', sessionToken: token, presentedToken: undefined })).toEqual({
      ok: false,
      reason: 'missing-token',
    });
    expect(checkCsrf({ method: 'DELETE', sessionToken: token, presentedToken: createCsrfToken() })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(checkCsrf({ method: 'POST', sessionToken: undefined, presentedToken: token })).toEqual({
      ok: false,
      reason: 'missing-session-token',
    });
  });

  it('accepts the session token', () => {
    expect(checkCsrf({ method: 'POST', sessionToken: token, presentedToken: token })).toEqual({ ok: true });
  });

  it('compares strings of different lengths as unequal without throwing', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
  });
});
