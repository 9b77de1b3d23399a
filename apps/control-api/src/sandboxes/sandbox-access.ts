import type { Principal } from '../access/access-token.verifier';
import type { SandboxRecord } from './sandbox.record';

/**
 * Object-level authorization: who may see (and so touch) a sandbox. Admins see all; a leader also
 * the seats of their own workshops; everyone else only their own.
 */
export function canAccessSandbox(principal: Principal, sandbox: Pick<SandboxRecord, 'ownerId' | 'leaderId'>): boolean {
  if (principal.role === 'admin' || sandbox.ownerId === principal.userId) return true;
  return principal.role === 'leader' && sandbox.leaderId === principal.userId;
}

/** Whose sandboxes a listing shows: `undefined` = everyone's. */
export function listingOwner(principal: Principal): string | undefined {
  return principal.role === 'admin' ? undefined : principal.userId;
}
