import type { SandboxRecord } from './sandbox.record';

export type ExtensionPlan =
  | { kind: 'extended'; expiresAt: Date }
  | { kind: 'too-long'; maxMinutes: number }
  | { kind: 'past-workshop-end'; endsAt: Date };

/**
 * A sandbox's expiry after `minutes` more: counted from its current expiry (from now if that has
 * passed), never more than `maxMinutes` from now, and for a workshop seat never past the workshop's
 * end. Past a limit the extension is refused, not capped: the caller learns why nothing changed.
 */
export function planExtension(input: {
  now: Date;
  expiresAt: Date;
  minutes: number;
  maxMinutes: number;
  workshopEndsAt: Date | null;
}): ExtensionPlan {
  const from = Math.max(input.now.getTime(), input.expiresAt.getTime());
  const expiresAt = new Date(from + input.minutes * 60_000);
  if (input.workshopEndsAt !== null && expiresAt.getTime() > input.workshopEndsAt.getTime()) {
    return { kind: 'past-workshop-end', endsAt: input.workshopEndsAt };
  }
  if (expiresAt.getTime() > input.now.getTime() + input.maxMinutes * 60_000) {
    return { kind: 'too-long', maxMinutes: input.maxMinutes };
  }
  return { kind: 'extended', expiresAt };
}

/**
 * The end of the workshop a seat belongs to, or null for an ordinary sandbox. A seat is launched
 * with the workshop's `endsAt` as its expiry (and only ever expires earlier, when the workshop is
 * ended early), so that expiry is the workshop's end.
 */
export function workshopEndOf(record: Pick<SandboxRecord, 'workshopId' | 'expiresAt'>): Date | null {
  return record.workshopId === null ? null : record.expiresAt;
}
