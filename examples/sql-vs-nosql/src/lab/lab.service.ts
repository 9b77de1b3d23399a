import { Injectable } from '@nestjs/common';
import { StoreRegistry } from '../stores/store-registry';

export interface Restored {
  store: string;
  ms: number;
}

/**
 * The lab contract: every store back to the seed in place (no container is recreated), and a
 * checksum per store to prove it. Resets run one at a time: two concurrent DROP DATABASE of the
 * same database would make the second one fail.
 */
@Injectable()
export class LabService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly stores: StoreRegistry) {}

  reset(): Promise<Restored[]> {
    const run = this.queue.then(() => this.resetNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async resetNow(): Promise<Restored[]> {
    const restored: Restored[] = [{ store: 'postgres', ms: round(await this.stores.postgres.reset()) }];
    if (this.stores.mongo) restored.push({ store: 'mongo', ms: round(await this.stores.mongo.reset()) });
    return restored;
  }

  async checksum(): Promise<Record<string, string>> {
    return {
      postgres: await this.stores.postgres.checksum(),
      ...(this.stores.mongo ? { mongo: await this.stores.mongo.checksum() } : {}),
    };
  }

  /** Each store answers a trivial query; the first failure is reported by name. */
  async health(): Promise<Record<string, 'up' | 'down' | 'not configured'>> {
    const status = async (ping: () => Promise<void>) =>
      ping().then(
        () => 'up' as const,
        () => 'down' as const,
      );
    return {
      postgres: await status(() => this.stores.postgres.ping()),
      mongo: this.stores.mongo ? await status(() => this.stores.mongo!.ping()) : 'not configured',
    };
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
