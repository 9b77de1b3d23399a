import { POOL_OWNER } from '../sandbox.record';
import { idleRemovalAt, idleSandboxes } from './idle';

const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const row = (id: string, patch: Record<string, unknown> = {}) => ({
  id,
  state: 'ready' as const,
  desired: 'running' as const,
  ownerId: 'student',
  leaderId: null,
  workshopId: null,
  lastActivityAt: minutesAgo(5),
  createdAt: minutesAgo(60),
  ...patch,
});

describe('idleSandboxes', () => {
  it('culls ready sandboxes whose user did nothing for the idle time', () => {
    const rows = [
      row('active'),
      row('idle', { lastActivityAt: minutesAgo(31) }),
      row('never', { lastActivityAt: null }),
    ];
    expect(idleSandboxes(rows, now, 30 * 60_000)).toEqual(['idle', 'never']);
  });

  it('never culls when the policy is off, nor what is not in use yet or not ready', () => {
    const old = { lastActivityAt: minutesAgo(600) };
    expect(idleSandboxes([row('a', old)], now, 0)).toEqual([]);
    const rows = [
      row('pooled', { ...old, ownerId: POOL_OWNER }),
      row('unjoined-seat', { ...old, ownerId: 'lea', leaderId: 'lea', workshopId: 'w' }),
      row('joined-seat', { ...old, ownerId: 'token-1', leaderId: 'lea', workshopId: 'w' }),
      row('provisioning', { ...old, state: 'provisioning' }),
      row('deleting', { ...old, desired: 'deleted' }),
    ];
    expect(idleSandboxes(rows, now, 60_000)).toEqual(['joined-seat']);
  });
});

describe('idleRemovalAt', () => {
  it('is the last activity (or the creation) plus the idle time, for what idle culling would remove', () => {
    expect(idleRemovalAt(row('a'), 30 * 60_000)).toEqual(new Date(now.getTime() + 25 * 60_000));
    expect(idleRemovalAt(row('b', { lastActivityAt: null }), 30 * 60_000)).toEqual(minutesAgo(30));
  });

  it('is undefined when the policy is off or the sandbox is never culled', () => {
    expect(idleRemovalAt(row('a'), 0)).toBeUndefined();
    expect(idleRemovalAt(row('pooled', { ownerId: POOL_OWNER }), 60_000)).toBeUndefined();
    expect(
      idleRemovalAt(row('unjoined-seat', { ownerId: 'lea', leaderId: 'lea', workshopId: 'w' }), 60_000),
    ).toBeUndefined();
    expect(idleRemovalAt(row('provisioning', { state: 'provisioning' }), 60_000)).toBeUndefined();
  });
});
