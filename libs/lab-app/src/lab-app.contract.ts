import { createHash } from 'node:crypto';

/** One store restored by a reset: its name and how long restoring it took, in milliseconds. */
export interface RestoredStore<Store extends string = string> {
  store: Store;
  ms: number;
}

/** Resolves once a store answers a trivial query (`SELECT 1`, `PING`); rejects otherwise. */
export type StoreProbe = () => Promise<unknown>;

/** What `/health` says of one store. `not configured`: an optional store this sandbox does not have. */
export type StoreState = 'up' | 'down' | 'not configured';

/**
 * What an example app says its lab routes mean for its stores; @lab/lab-app serves them
 * (`POST /lab/reset`, `GET /lab/checksum`, `GET /health`). Implement it as an injectable class and
 * give it to `LabAppModule.forRoot({ contract })`.
 */
export interface LabAppContract<Store extends string = string> {
  /**
   * Every store back to the seed in place, without recreating a container; one entry per store
   * restored, in order. Never called twice at once: the module queues resets.
   */
  reset(): Promise<RestoredStore<Store>[]>;
  /** One fingerprint per store of this sandbox (see `fingerprint`), equal to the seed's right after a reset. */
  checksum(): Promise<Partial<Record<Store, string>>>;
  /** One probe per store of this sandbox; an optional store this sandbox lacks has none. */
  probes(): Partial<Record<Store, StoreProbe>>;
}

/** A store's checksum as the lab compares it: sha256 (hex) over the JSON of its full checksum structure. */
export function fingerprint(checksum: unknown): string {
  return createHash('sha256').update(JSON.stringify(checksum)).digest('hex');
}
