import type { OidcTestUser } from '@lab/auth';

/**
 * The accounts of the sandbox's identity provider, documented for students (README.md). They are
 * not the app's own users: a provider login becomes the local user `oidc:<subject>`.
 */
export const PROVIDER_USERS: OidcTestUser[] = [
  {
    username: 'ada',
    password: 'analytical-engine',
    subject: 'ada',
    claims: { name: 'Ada Lovelace', email: 'ada@provider.lab' },
  },
  {
    username: 'grace',
    password: 'compiler-pioneer',
    subject: 'grace',
    claims: { name: 'Grace Hopper', email: 'grace@provider.lab' },
  },
];
