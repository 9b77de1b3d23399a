import { POOL_OWNER, SandboxRecord } from '../sandbox.record';

type IdleFields = Pick<
  SandboxRecord,
  'id' | 'state' | 'desired' | 'ownerId' | 'leaderId' | 'workshopId' | 'lastActivityAt' | 'createdAt'
>;

/**
 * When idle culling removes this sandbox if its user does nothing more (undefined: never, e.g.
 * LAB_IDLE_MINUTES off). Only sandboxes someone uses count: a pooled sandbox or a workshop seat
 * nobody joined yet is waiting, not idle.
 */
export function idleRemovalAt(row: IdleFields, idleMs: number): Date | undefined {
  if (idleMs <= 0 || row.state !== 'ready' || row.desired !== 'running') return undefined;
  if (row.ownerId === POOL_OWNER || (row.workshopId !== null && row.ownerId === row.leaderId)) return undefined;
  return new Date((row.lastActivityAt ?? row.createdAt).getTime() + idleMs);
}

/** Sandboxes whose user has done nothing with them for `idleMs` (0 = never cull); see idleRemovalAt. */
export function idleSandboxes(rows: IdleFields[], now: Date, idleMs: number): string[] {
  return rows
    .filter((row) => {
      const at = idleRemovalAt(row, idleMs);
      return at !== undefined && at.getTime() <= now.getTime();
    })
    .map((row) => row.id);
}
