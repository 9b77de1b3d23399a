import type { ModuleMetadata, Type } from '@nestjs/common';
import type { LabAppContract } from './lab-app.contract';

/** One store of the example, as its OpenAPI document describes it. */
export interface LabStore {
  /** What the store's checksum covers, e.g. "SHA-256 over every table (rows in key order) and sequence". */
  checksum: string;
  /**
   * Only in some sandboxes of the example (MongoDB is in sql-vs-nosql-mongo, not in sql-vs-nosql):
   * absent from the checksum there, and `not configured` in `/health`, which stays 200.
   */
  optional?: boolean;
}

/**
 * `/health`'s body: `flat` puts each store's state next to `status` (`{ status, postgres, redis }`),
 * `nested` under `stores` (`{ status, stores: { postgres, mongo } }`). Both say the same; a new
 * example takes the default, `flat`.
 */
export type HealthLayout = 'flat' | 'nested';

export interface LabAppOptions<Store extends string = string> {
  /** The example's meaning of reset, checksum and health: an injectable class, made in this module. */
  contract: Type<LabAppContract<Store>>;
  /** The modules that provide what the contract injects (its stores), unless they are global. */
  imports?: ModuleMetadata['imports'];
  /** Every store of the example, in the order a reset restores them. */
  stores: Record<Store, LabStore>;
  /** How this example restores its stores, for the OpenAPI description of `POST /lab/reset`. */
  resetDescription: string;
  health?: HealthLayout;
}
