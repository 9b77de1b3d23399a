import type { LabAppContract, RestoredStore } from './lab-app.contract';
import type { LabAppOptions } from './lab-app.options';
import { checkHealth, type Health } from './store-health';

/** What the lab routes do around the example's contract: one reset at a time, rounded times, health. */
export class LabAppService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly contract: LabAppContract,
    private readonly options: Pick<LabAppOptions, 'stores' | 'health'>,
  ) {}

  /**
   * Resets run one after another: two at once would both drop and clone the same database, and the
   * second would fail. A failed reset does not block the next one.
   */
  reset(): Promise<{ restored: RestoredStore[] }> {
    const run = this.queue.then(() => this.contract.reset());
    this.queue = run.catch(() => undefined);
    return run.then((restored) => ({ restored: restored.map(({ store, ms }) => ({ store, ms: roundMs(ms) })) }));
  }

  checksum(): Promise<Record<string, string>> {
    return this.contract.checksum() as Promise<Record<string, string>>;
  }

  health(): Promise<Health> {
    return checkHealth(this.options.stores, this.contract.probes(), this.options.health ?? 'flat');
  }
}

/** Tenths of a millisecond: enough to compare restores, without float noise. */
function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
