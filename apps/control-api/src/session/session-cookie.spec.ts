import { credentialOf } from '../access/credential';
import { sessionCookieOptions, sessionSecretOf, withoutSessionCookie } from './session-cookie';

const SECRET = `lab_ses_${'a'.repeat(43)}`;

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the whole site, and Secure only over https', () => {
    expect(sessionCookieOptions({ protocol: 'http' })).toEqual({
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: false,
    });
    expect(sessionCookieOptions({ protocol: 'https' })).toMatchObject({ secure: true });
  });

  it('is read from parsed cookies, or from the raw header where no middleware ran (WebSocket upgrade)', () => {
    expect(sessionSecretOf({ cookies: { lab_session: SECRET } })).toBe(SECRET);
    expect(sessionSecretOf({ headers: { cookie: `theme=dark; lab_session=${SECRET}; x=1` } })).toBe(SECRET);
    expect(sessionSecretOf({ headers: { cookie: 'theme=dark' } })).toBeUndefined();
    expect(sessionSecretOf({ headers: {} })).toBeUndefined();
  });

  it('is ignored when it does not look like a session secret', () => {
    expect(sessionSecretOf({ cookies: { lab_session: 'lab_0123' } })).toBeUndefined();
    expect(sessionSecretOf({ cookies: { lab_session: `${SECRET}x` } })).toBeUndefined();
  });

  it('is taken out of a Cookie header forwarded elsewhere, the other cookies kept', () => {
    expect(withoutSessionCookie(`theme=dark; lab_session=${SECRET}; app_sid=42`)).toBe('theme=dark; app_sid=42');
    expect(withoutSessionCookie(`lab_session=${SECRET}`)).toBeUndefined();
    expect(withoutSessionCookie(undefined)).toBeUndefined();
    expect(withoutSessionCookie('my_lab_session=1')).toBe('my_lab_session=1');
  });
});

describe('credentialOf', () => {
  it('prefers the bearer token over the cookie, and falls back to the cookie', () => {
    const both = { headers: { authorization: 'Bearer tok' }, cookies: { lab_session: SECRET } };
    expect(credentialOf(both)).toEqual({ scheme: 'bearer', token: 'tok' });
    expect(credentialOf({ headers: {}, cookies: { lab_session: SECRET } })).toEqual({
      scheme: 'session',
      secret: SECRET,
    });
    expect(credentialOf({ headers: { cookie: `lab_session=${SECRET}` } })).toEqual({
      scheme: 'session',
      secret: SECRET,
    });
    expect(credentialOf({ headers: {}, cookies: {} })).toBeUndefined();
  });
});
