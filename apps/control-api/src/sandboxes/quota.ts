import type { SandboxState } from './sandbox.record';

/** A sandbox that holds resources, as the quota sees it. */
export interface CountedSandbox {
  state: SandboxState;
  expiresAt: Date;
}

/** Live sandboxes seen when sandboxes are admitted, and how many the admission adds. */
export interface QuotaInput {
  /** The user's own counted sandboxes (see countsAgainstOwner). */
  own: CountedSandbox[];
  all: CountedSandbox[];
  limits: { perUser: number; total: number };
  /**
   * What the admission adds: a launch adds one to both; claiming a pooled sandbox adds one to the
   * user only (it is counted in the total already); seats and pool refills add to the total only.
   */
  adding: { own: number; total: number };
  now: Date;
}

export interface QuotaRefusal {
  detail: string;
  /** Seconds until the first of the counted sandboxes expires (and frees a place), at least 1. */
  retryAfterSeconds: number;
}

/** A sandbox being removed frees its place once its containers are gone: a few seconds. */
const STOPPING_FREES_IN_MS = 5_000;

/** `undefined` when the admission fits, else why not and when to try again. */
export function checkQuota({ own, all, limits, adding, now }: QuotaInput): QuotaRefusal | undefined {
  if (adding.own > 0 && own.length + adding.own > limits.perUser) {
    return {
      detail: `You already have ${own.length} running sandbox(es), the most allowed per user is ${limits.perUser}. Delete one or wait until one expires.`,
      retryAfterSeconds: secondsUntilFirstFrees(own, now),
    };
  }
  if (adding.total > 0 && all.length + adding.total > limits.total) {
    const what = adding.total === 1 ? 'Try again when one expires.' : `${adding.total} more do not fit.`;
    return {
      detail: `The lab is at its capacity of ${limits.total} running sandboxes (${all.length} now). ${what}`,
      retryAfterSeconds: secondsUntilFirstFrees(all, now),
    };
  }
  return undefined;
}

/**
 * Whether a sandbox counts against its owner's own quota. A workshop seat nobody joined yet is
 * owned by its leader but is the class's, not the leader's: it counts in the total only (once),
 * and against the student who joins it from then on.
 */
export function countsAgainstOwner(sandbox: {
  ownerId: string;
  workshopId: string | null;
  leaderId: string | null;
}): boolean {
  return !(sandbox.workshopId !== null && sandbox.ownerId === sandbox.leaderId);
}

function secondsUntilFirstFrees(sandboxes: CountedSandbox[], now: Date): number {
  if (sandboxes.length === 0) return 1;
  const frees = sandboxes.map((sandbox) =>
    sandbox.state === 'stopping' ? now.getTime() + STOPPING_FREES_IN_MS : sandbox.expiresAt.getTime(),
  );
  return Math.max(1, Math.ceil((Math.min(...frees) - now.getTime()) / 1_000));
}
