/** Injection tokens for the @lab/auth building blocks (explicit, so DI needs no decorator metadata). */
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
export const ACCESS_TOKENS = Symbol('ACCESS_TOKENS');
export const REFRESH_TOKENS = Symbol('REFRESH_TOKENS');
export const SESSION_STORE = Symbol('SESSION_STORE');
export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER');
export const OIDC_CLIENT = Symbol('OIDC_CLIENT');
