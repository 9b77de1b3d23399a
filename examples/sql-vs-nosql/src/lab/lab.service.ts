import type { LabAppContract, RestoredStore, StoreProbe } from '@lab/lab-app';
import { Inject, Injectable } from '@nestjs/common';
import { StoreRegistry } from '../stores/store-registry';

export type LabStore = 'postgres' | 'mongo';

/**
 * What reset, checksum and health mean here (served by @lab/lab-app): PostgreSQL always, MongoDB
 * when this sandbox has it (the sql-vs-nosql-mongo example). Resets are queued by the module.
 */
@Injectable()
export class LabService implements LabAppContract<LabStore> {
  constructor(@Inject(StoreRegistry) private readonly stores: StoreRegistry) {}

  async reset(): Promise<RestoredStore<LabStore>[]> {
    const restored: RestoredStore<LabStore>[] = [{ store: 'postgres', ms: await this.stores.postgres.reset() }];
    if (this.stores.mongo) restored.push({ store: 'mongo', ms: await this.stores.mongo.reset() });
    return restored;
  }

  async checksum(): Promise<Partial<Record<LabStore, string>>> {
    return {
      postgres: await this.stores.postgres.checksum(),
      ...(this.stores.mongo ? { mongo: await this.stores.mongo.checksum() } : {}),
    };
  }

  probes(): Partial<Record<LabStore, StoreProbe>> {
    const { postgres, mongo } = this.stores;
    return { postgres: () => postgres.ping(), ...(mongo ? { mongo: () => mongo.ping() } : {}) };
  }
}
