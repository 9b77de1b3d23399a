import type { Principal } from '../access/access-token.verifier';
import type { SandboxRecord } from './sandbox.record';

/**
 * Object-level authorization: who may see (and so touch) a sandbox. Admins see all; everyone
 * else only their own. (Leaders will also see their workshops' sandboxes.)
 */
export function canAccessSandbox(principal: Principal, sandbox: Pick<SandboxRecord, 'ownerId'>): boolean {
  return principal.role === 'admin' || sandbox.ownerId === principal.userId;
}

/** Whose sandboxes a listing shows: `undefined` = everyone's. */
export function listingOwner(principal: Principal): string | undefined {
  return principal.role === 'admin' ? undefined : principal.userId;
}
