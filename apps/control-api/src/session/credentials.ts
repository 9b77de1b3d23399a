import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/access-token.verifier';
import type { Credential, CredentialVerifier } from '../access/credential';
import { DatabaseTokenVerifier } from '../tokens/database-token.verifier';
import { BrowserSessions } from './browser-sessions.service';

/** Who a credential belongs to, now. */
export interface CredentialIdentity {
  principal: Principal;
  name: string;
  /** When this credential stops working by itself (null: not before it is revoked). */
  expiresAt: Date | null;
}

/** Checks both kinds of credential: bearer tokens by their hash, browser sessions by their row and token. */
@Injectable()
export class Credentials implements CredentialVerifier {
  constructor(
    private readonly tokens: DatabaseTokenVerifier,
    private readonly sessions: BrowserSessions,
  ) {}

  async verify(credential: Credential): Promise<Principal | undefined> {
    if (credential.scheme === 'bearer') return this.tokens.verify(credential.token);
    return (await this.sessions.identify(credential.secret))?.identity.principal;
  }

  async identify(credential: Credential): Promise<CredentialIdentity | undefined> {
    if (credential.scheme === 'bearer') {
      const identity = await this.tokens.identify(credential.token);
      return identity && { principal: identity.principal, name: identity.name, expiresAt: identity.expiresAt };
    }
    const session = await this.sessions.identify(credential.secret);
    return (
      session && { principal: session.identity.principal, name: session.identity.name, expiresAt: session.expiresAt }
    );
  }
}
