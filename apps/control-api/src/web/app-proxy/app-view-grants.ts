import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Credential, credentialKey } from '../../access/credential';

/** How long one grant opens an app's pages (a new navigation to the app issues a fresh one). */
export const GRANT_TTL_MS = 60 * 60 * 1000;

interface Grant {
  sandboxId: string;
  credential: Credential;
  expiresAt: number;
}

/**
 * Grants to view one sandbox's app in a browser. The proxy serves app pages as an opaque origin (a
 * CSP sandbox: a script in an app page must not act on the lab with the viewer's cookie), and a
 * browser sends no cookie with what an opaque-origin page loads: its scripts, styles, the Swagger
 * UI's "Try it out" calls. So a navigation that the session cookie authenticates is redirected
 * under `…/app/~<grant>/`, and requests under that path are authenticated by the grant: 32 random
 * bytes, valid for one sandbox, for at most an hour, and only while the session that asked for it
 * is valid (its credential is verified again at every request, so signing out or a revoked token
 * ends it). Kept in memory: a restart of the API ends every grant (a reload of the page opens a new one).
 */
@Injectable()
export class AppViewGrants {
  private readonly grants = new Map<string, Grant>();
  /** The live grant of a credential for a sandbox, so reloads reuse it instead of piling up new ones. */
  private readonly issued = new Map<string, string>();

  /** The clock (a test subclass moves it). */
  protected now(): number {
    return Date.now();
  }

  /** A grant for `credential` to view the app of `sandboxId` (the caller has checked they may). */
  issue(sandboxId: string, credential: Credential): string {
    this.sweep();
    const holder = `${credentialKey(credential)}\n${sandboxId}`;
    const existing = this.issued.get(holder);
    // Reused while it has more than half its life left: a page opened now works for half an hour at least.
    if (existing !== undefined && (this.grants.get(existing)?.expiresAt ?? 0) - this.now() > GRANT_TTL_MS / 2) {
      return existing;
    }
    const grant = randomBytes(32).toString('base64url');
    this.grants.set(grant, { sandboxId, credential, expiresAt: this.now() + GRANT_TTL_MS });
    this.issued.set(holder, grant);
    return grant;
  }

  /** The credential a grant stands for, when it is live and was issued for this sandbox. */
  credentialFor(grant: string, sandboxId: string): Credential | undefined {
    const found = this.grants.get(grant);
    if (!found || found.sandboxId !== sandboxId || found.expiresAt <= this.now()) return undefined;
    return found.credential;
  }

  private sweep(): void {
    const now = this.now();
    for (const [grant, { expiresAt }] of this.grants) if (expiresAt <= now) this.grants.delete(grant);
    for (const [holder, grant] of this.issued) if (!this.grants.has(grant)) this.issued.delete(holder);
  }
}
