/** Injection token of the SessionCookieOptions (name, Secure, SameSite) the app uses. */
export const SESSION_COOKIE = Symbol('SESSION_COOKIE');
