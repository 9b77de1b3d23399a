import { POOL_OWNER, SandboxRecord } from '../sandbox.record';

/**
 * Sandboxes whose user has done nothing with them for `idleMs` (0 = never cull). Only sandboxes
 * someone uses count: a pooled sandbox or a workshop seat nobody joined yet is waiting, not idle.
 */
export function idleSandboxes(
  rows: Pick<
    SandboxRecord,
    'id' | 'state' | 'desired' | 'ownerId' | 'leaderId' | 'workshopId' | 'lastActivityAt' | 'createdAt'
  >[],
  now: Date,
  idleMs: number,
): string[] {
  if (idleMs <= 0) return [];
  return rows
    .filter((row) => row.state === 'ready' && row.desired === 'running')
    .filter((row) => row.ownerId !== POOL_OWNER && !(row.workshopId !== null && row.ownerId === row.leaderId))
    .filter((row) => now.getTime() - (row.lastActivityAt ?? row.createdAt).getTime() >= idleMs)
    .map((row) => row.id);
}
