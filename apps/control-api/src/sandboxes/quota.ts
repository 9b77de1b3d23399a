/** Live sandboxes seen when a launch is asked for, with when each will run out. */
export interface QuotaInput {
  own: { expiresAt: Date }[];
  all: { expiresAt: Date }[];
  limits: { perUser: number; total: number };
  now: Date;
}

export interface QuotaRefusal {
  detail: string;
  /** Seconds until the first of the counted sandboxes expires (and frees a place), at least 1. */
  retryAfterSeconds: number;
}

/** `undefined` when one more sandbox fits, else why not and when to try again. */
export function checkQuota({ own, all, limits, now }: QuotaInput): QuotaRefusal | undefined {
  if (own.length >= limits.perUser) {
    return {
      detail: `You already have ${own.length} running sandbox(es), the most allowed per user is ${limits.perUser}. Delete one or wait until one expires.`,
      retryAfterSeconds: secondsUntilFirstExpiry(own, now),
    };
  }
  if (all.length >= limits.total) {
    return {
      detail: `The lab is at its capacity of ${limits.total} running sandboxes. Try again when one expires.`,
      retryAfterSeconds: secondsUntilFirstExpiry(all, now),
    };
  }
  return undefined;
}

function secondsUntilFirstExpiry(sandboxes: { expiresAt: Date }[], now: Date): number {
  const first = Math.min(...sandboxes.map((sandbox) => sandbox.expiresAt.getTime()));
  return Math.max(1, Math.ceil((first - now.getTime()) / 1_000));
}
