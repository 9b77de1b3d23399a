import type { LabAppHttp } from '@lab/lab-app';

/**
 * This app's own in its HTTP surface, for main.ts and the tests that run it in process
 * (`configureLabApp(app, …)`): its OpenAPI text and security schemes; problem+json, validation and
 * /docs are @lab/lab-app's.
 */
export const AUTH_HTTP: LabAppHttp = {
  title: 'Backend Lab: auth example',
  description:
    'Passwords (argon2id), JWT access tokens with refresh rotation, server-side sessions with CSRF ' +
    'protection, roles, login rate limiting and OAuth 2.0 code + PKCE. Seed users and passwords are ' +
    'in the README. Errors are RFC 9457 problem details (application/problem+json).',
  document: (builder) =>
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }).addCookieAuth('sid'),
};
