import type { SandboxStatus, ServiceState } from '@lab/runtime';
import { DesiredSandbox, planReconcile, ReconcileAction } from './plan-reconcile';

const now = new Date('2026-11-23T10:00:00Z');
const later = new Date('2026-11-23T11:00:00Z');
const earlier = new Date('2026-11-23T09:00:00Z');

function row(id: string, patch: Partial<DesiredSandbox> = {}): DesiredSandbox {
  return { id, state: 'ready', desired: 'running', expiresAt: later, ...patch };
}

function observed(id: string, ...states: ServiceState[]): SandboxStatus {
  return {
    id,
    example: 'demo',
    owner: 'alice',
    specHash: 'h',
    labels: {},
    networks: [`lab-${id}`],
    services: (states.length ? states : (['running'] as ServiceState[])).map((state, i) => ({
      name: `svc${i}`,
      containerId: `c${i}`,
      state,
      ports: {},
    })),
  };
}

const KEEP_MS = 30 * 60_000;

function plan(rows: DesiredSandbox[], seen: SandboxStatus[] | undefined, busy: string[] = []): ReconcileAction[] {
  return planReconcile({ rows, observed: seen, busy: new Set(busy), now, failedKeepMs: KEEP_MS });
}

describe('planReconcile', () => {
  it('does nothing at all without a complete listing', () => {
    expect(plan([row('a', { desired: 'deleted' })], undefined)).toEqual([]);
  });

  it('leaves a healthy ready sandbox alone, and says so when run again', () => {
    expect(plan([row('a')], [observed('a', 'running', 'running')])).toEqual([]);
  });

  it('counts a service started on first use as healthy while it is only created, and not once it exited', () => {
    const withToolbox = (state: ServiceState): SandboxStatus => {
      const status = observed('a', 'running');
      status.services.push({ name: 'toolbox', containerId: 't', state, ports: {}, startsOnFirstUse: true });
      return status;
    };
    expect(plan([row('a')], [withToolbox('created')])).toEqual([]);
    expect(plan([row('a')], [withToolbox('running')])).toEqual([]);
    expect(plan([row('a')], [withToolbox('exited')])).toEqual([
      { kind: 'mark-failed', id: 'a', reason: 'toolbox is exited' },
    ]);
    // Any other service only created is not what was asked for.
    expect(plan([row('a')], [observed('a', 'running', 'created')])).toEqual([
      { kind: 'mark-failed', id: 'a', reason: 'svc1 is created' },
    ]);
  });

  it('marks a ready sandbox failed, with a reason, when a container exited or all vanished', () => {
    expect(plan([row('a')], [observed('a', 'running', 'exited')])).toEqual([
      { kind: 'mark-failed', id: 'a', reason: 'svc1 is exited' },
    ]);
    expect(plan([row('b')], [])).toEqual([{ kind: 'mark-failed', id: 'b', reason: 'its containers are gone' }]);
  });

  it('resumes a provisioning that a crash interrupted, but not one under way in this process', () => {
    expect(plan([row('a', { state: 'provisioning' })], [observed('a')])).toEqual([{ kind: 'provision', id: 'a' }]);
    expect(plan([row('a', { state: 'provisioning' })], [], ['a'])).toEqual([]);
  });

  it('removes orphans: labelled objects without a row, unless busy', () => {
    expect(plan([], [observed('ghost')])).toEqual([{ kind: 'destroy', id: 'ghost', orphan: true }]);
    expect(plan([], [observed('ghost')], ['ghost'])).toEqual([]);
  });

  it('destroys what a deleted row still has, then records it deleted', () => {
    expect(plan([row('a', { desired: 'deleted', state: 'stopping' })], [observed('a')])).toEqual([
      { kind: 'destroy', id: 'a', orphan: false },
    ]);
    expect(plan([row('a', { desired: 'deleted', state: 'stopping' })], [])).toEqual([
      { kind: 'mark-deleted', id: 'a' },
    ]);
    expect(plan([row('a', { desired: 'deleted', state: 'deleted' })], [])).toEqual([]);
  });

  it('expires a sandbox whose time is up, and destroys what it has', () => {
    expect(plan([row('a', { expiresAt: earlier })], [observed('a')])).toEqual([
      { kind: 'expire', id: 'a' },
      { kind: 'destroy', id: 'a', orphan: false },
    ]);
    expect(plan([row('a', { expiresAt: now })], [])).toEqual([{ kind: 'expire', id: 'a' }]);
  });

  it('records ready after an interrupted reset or stop when everything runs', () => {
    expect(plan([row('a', { state: 'resetting' })], [observed('a')])).toEqual([{ kind: 'mark-ready', id: 'a' }]);
  });

  it('keeps a failed sandbox whose containers are stopped, for their logs, until the keep time', () => {
    const failedAt = new Date(now.getTime() - KEEP_MS + 1);
    expect(plan([row('a', { state: 'failed', failedAt })], [observed('a', 'exited', 'exited')])).toEqual([]);
    expect(plan([row('a', { state: 'failed', failedAt })], [])).toEqual([]);
  });

  it('stops whatever still runs of a failed sandbox', () => {
    expect(plan([row('a', { state: 'failed', failedAt: now })], [observed('a', 'exited', 'running')])).toEqual([
      { kind: 'stop', id: 'a' },
    ]);
    expect(plan([row('a', { state: 'failed', failedAt: now })], [observed('a', 'restarting')])).toEqual([
      { kind: 'stop', id: 'a' },
    ]);
    expect(plan([row('a', { state: 'failed', failedAt: now })], [observed('a')], ['a'])).toEqual([]);
  });

  it('removes a failed sandbox’s containers once the keep time is over, keeping the row failed', () => {
    const failedAt = new Date(now.getTime() - KEEP_MS);
    expect(plan([row('a', { state: 'failed', failedAt })], [observed('a', 'exited')])).toEqual([
      { kind: 'destroy', id: 'a', orphan: false },
    ]);
    expect(
      planReconcile({
        rows: [row('a', { state: 'failed', failedAt: now })],
        observed: [observed('a', 'exited')],
        busy: new Set(),
        now,
        failedKeepMs: 0,
      }),
    ).toEqual([{ kind: 'destroy', id: 'a', orphan: false }]);
  });

  it('expires a failed sandbox like any other', () => {
    expect(plan([row('a', { state: 'failed', failedAt: now, expiresAt: earlier })], [observed('a', 'exited')])).toEqual(
      [
        { kind: 'expire', id: 'a' },
        { kind: 'destroy', id: 'a', orphan: false },
      ],
    );
  });

  it('resumes a reset that a crash interrupted, and only while the sandbox is healthy', () => {
    expect(plan([row('a', { state: 'resetting', resetPending: true })], [observed('a')])).toEqual([
      { kind: 'reset', id: 'a' },
    ]);
    expect(plan([row('a', { state: 'ready', resetPending: true })], [observed('a')])).toEqual([
      { kind: 'reset', id: 'a' },
    ]);
    expect(plan([row('a', { state: 'resetting', resetPending: true })], [observed('a', 'exited')])).toEqual([
      { kind: 'mark-failed', id: 'a', reason: 'svc0 is exited' },
    ]);
    expect(plan([row('a', { state: 'resetting', resetPending: true })], [observed('a')], ['a'])).toEqual([]);
  });

  it('finishes a reset that completed before the crash but was not recorded as ready', () => {
    expect(plan([row('a', { state: 'resetting' })], [observed('a')])).toEqual([{ kind: 'mark-ready', id: 'a' }]);
  });
});
