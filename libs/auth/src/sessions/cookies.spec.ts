import { clearSessionCookie, parseCookieHeader, serializeSessionCookie } from './cookies';

describe('session cookies', () => {
  it('is HttpOnly and SameSite=Lax by default, Secure with the __Host- prefix when asked', () => {
    expect(serializeSessionCookie('abc', { secure: false })).toBe('sid=abc; Path=/; HttpOnly; SameSite=Lax');
    expect(serializeSessionCookie('abc', { secure: true, sameSite: 'Strict', maxAgeSeconds: 600 })).toBe(
      '__Host-sid=abc; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=600',
    );
  });

  it('clears with an empty value and Max-Age=0', () => {
    expect(clearSessionCookie({ secure: false, name: 'lab' })).toBe('lab=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('parses a Cookie header, first occurrence wins', () => {
    const cookies = parseCookieHeader('sid=one; theme=dark; sid=two; broken; =x');
    expect([...cookies]).toEqual([
      ['sid', 'one'],
      ['theme', 'dark'],
    ]);
    expect(parseCookieHeader(undefined).size).toBe(0);
  });
});
