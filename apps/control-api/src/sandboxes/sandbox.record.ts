import type { SandboxState } from './reconcile/plan-reconcile';

export type { SandboxState };
export type DesiredState = 'running' | 'deleted';

/** A published service endpoint as recorded when the sandbox became ready. */
export interface RecordedEndpoint {
  name: string;
  containerId: string;
  host: string;
  /** Container port → host port. */
  ports: Record<string, number>;
}

/** A sandbox as the services see it: plain values, no ORM type. */
export interface SandboxRecord {
  id: string;
  example: string;
  ownerId: string;
  state: SandboxState;
  desired: DesiredState;
  /** Why it failed or was removed; short and secret-free. */
  reason: string | null;
  secrets: Record<string, string>;
  endpoints: RecordedEndpoint[] | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  /** The workshop whose seat this sandbox is, if any (its leader may see and reset it). */
  workshopId: string | null;
  /** The leader of that workshop. */
  leaderId: string | null;
  /** Last time its user did something with it (API calls, lab progress); for idle culling. */
  lastActivityAt: Date | null;
  /** When it became `failed` (its stopped containers are removed LAB_FAILED_KEEP_MINUTES later). */
  failedAt: Date | null;
}

/** Owner of pre-provisioned sandboxes nobody has claimed yet (never a token id: those are uuids). */
export const POOL_OWNER = 'warm-pool';

export const SANDBOX_STATES: readonly SandboxState[] = [
  'provisioning',
  'ready',
  'resetting',
  'stopping',
  'deleted',
  'failed',
];

/**
 * States that hold resources and count against quotas, whatever is desired: a `stopping` sandbox's
 * containers run until they are removed. A `failed` one holds nothing: its containers are stopped
 * before the row says `failed`.
 */
export const LIVE_STATES: readonly SandboxState[] = ['provisioning', 'ready', 'resetting', 'stopping'];
