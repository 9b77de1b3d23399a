import type { PendingLogin, SessionStore } from '@lab/auth';

/** What a server-side session holds (in Redis, as JSON; the cookie only carries the id). */
export interface SessionData {
  /** Synchronizer CSRF token: sent back in the `x-csrf-token` header of every state-changing request. */
  csrfToken: string;
  user?: { username: string; roles: string[]; via: 'password' | 'oidc' };
  /**
   * The user's credentials epoch at sign-in (@lab/auth CredentialsEpochs): a password change
   * advances the epoch, and a session with an older one is over at its next request.
   */
  credentialsEpoch?: number;
  /** Between /oauth/login and /oauth/callback: PKCE verifier, state and nonce. */
  pendingOidc?: PendingLogin;
}

export type AuthSessions = SessionStore<SessionData>;
