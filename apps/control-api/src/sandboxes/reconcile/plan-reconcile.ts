import type { SandboxStatus } from '@lab/runtime';

/**
 * The reconcile decision, as pure logic: from what each sandbox *should* be (database rows) and
 * what *is* (Docker objects found by label), the actions that move the second toward the first.
 * The caller executes them; running the planner again on the new state yields no further action.
 */

export type SandboxState = 'provisioning' | 'ready' | 'resetting' | 'stopping' | 'deleted' | 'failed';

export interface DesiredSandbox {
  id: string;
  state: SandboxState;
  /** `deleted` once a user deleted it or it expired; the row stays as history. */
  desired: 'running' | 'deleted';
  expiresAt: Date;
  /** A reset was asked for and has not finished (it survives a crash: the row says so). */
  resetPending?: boolean;
  /** When it became `failed` (rows from before this was recorded: their last update). */
  failedAt?: Date | null;
}

export type ReconcileAction =
  /** Create what is missing and adopt what exists (provision is idempotent). */
  | { kind: 'provision'; id: string }
  /** Everything is running as asked: record `ready`. */
  | { kind: 'mark-ready'; id: string }
  /** Carry out (again) a reset that was asked for and not finished: restoring the seed is idempotent. */
  | { kind: 'reset'; id: string }
  /** Stop its containers, then record `failed` (a failed sandbox runs nothing and counts nowhere). */
  | { kind: 'mark-failed'; id: string; reason: string }
  /** A failed sandbox with a container still (or again) running: stop it, keep it for its logs. */
  | { kind: 'stop'; id: string }
  /** Its time is up: from now on it should not exist. */
  | { kind: 'expire'; id: string }
  /** Remove its Docker objects (the row asked for that, or there is no row: an orphan). */
  | { kind: 'destroy'; id: string; orphan: boolean }
  | { kind: 'mark-deleted'; id: string };

export interface ReconcileInput {
  rows: DesiredSandbox[];
  /** A complete listing of labelled objects; `undefined` when it could not be read. */
  observed: SandboxStatus[] | undefined;
  /** Ids with an operation under way in this process: left alone. */
  busy: ReadonlySet<string>;
  now: Date;
  /** How long a failed sandbox's stopped containers are kept for their logs (LAB_FAILED_KEEP_MINUTES). */
  failedKeepMs: number;
}

export function planReconcile({ rows, observed, busy, now, failedKeepMs }: ReconcileInput): ReconcileAction[] {
  // Never act on a partial picture: without a full listing, "missing" could just mean "unseen".
  if (observed === undefined) return [];
  const actual = new Map(observed.map((status) => [status.id, status]));
  const actions: ReconcileAction[] = [];

  for (const row of rows) {
    if (busy.has(row.id)) continue;
    const status = actual.get(row.id);
    actions.push(...planRow(row, status, now, failedKeepMs));
  }
  const known = new Set(rows.map((row) => row.id));
  for (const status of observed) {
    if (!known.has(status.id) && !busy.has(status.id)) actions.push({ kind: 'destroy', id: status.id, orphan: true });
  }
  return actions;
}

function planRow(
  row: DesiredSandbox,
  status: SandboxStatus | undefined,
  now: Date,
  failedKeepMs: number,
): ReconcileAction[] {
  if (row.desired === 'deleted') {
    if (status) return [{ kind: 'destroy', id: row.id, orphan: false }];
    return row.state === 'deleted' ? [] : [{ kind: 'mark-deleted', id: row.id }];
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    return [
      { kind: 'expire', id: row.id },
      ...(status ? [{ kind: 'destroy' as const, id: row.id, orphan: false }] : []),
    ];
  }
  switch (row.state) {
    case 'provisioning':
      // Nobody here is provisioning it (it is not busy): a crash interrupted it. Resume; adoption
      // keeps whatever the first attempt already created.
      return [{ kind: 'provision', id: row.id }];
    case 'ready':
    case 'resetting':
    case 'stopping': {
      const problem = healthProblem(status);
      if (problem) return [{ kind: 'mark-failed', id: row.id, reason: problem }];
      if (row.resetPending) return [{ kind: 'reset', id: row.id }];
      return row.state === 'ready' ? [] : [{ kind: 'mark-ready', id: row.id }];
    }
    case 'failed': {
      if (!status) return [];
      const failedAt = row.failedAt ?? now;
      if (now.getTime() - failedAt.getTime() >= failedKeepMs) return [{ kind: 'destroy', id: row.id, orphan: false }];
      return status.services.some((service) => service.state === 'running' || service.state === 'restarting')
        ? [{ kind: 'stop', id: row.id }]
        : [];
    }
    case 'deleted':
      return [];
  }
}

/** Why a sandbox that should be running is not, or undefined when it is. */
export function healthProblem(status: SandboxStatus | undefined): string | undefined {
  if (!status || status.services.length === 0) return 'its containers are gone';
  const down = status.services.filter(
    (service) => service.state !== 'running' && !(service.startsOnFirstUse && service.state === 'created'),
  );
  if (down.length === 0) return undefined;
  return down.map((service) => `${service.name} is ${service.state}`).join(', ');
}
