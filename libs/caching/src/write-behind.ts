import { assertPositiveMs } from './cache-entry';
import type { CacheRead } from './cache-read';
import type { ReadThroughCache } from './read-through';

export interface PendingWrite<Id, T> {
  id: Id;
  value: T;
}

export interface WriteBehindOptions<Id, T> {
  cache: ReadThroughCache<Id, T>;
  /**
   * Saves one batch to the source of truth. Make it idempotent (an upsert) and atomic (one
   * transaction): a failed batch is retried whole at the next flush.
   */
  saveBatch: (writes: ReadonlyArray<PendingWrite<Id, T>>) => Promise<void>;
  /** Flush by itself once this many ids are pending; also the largest batch handed to saveBatch. */
  batchSize: number;
  /** Also flush on a timer (off when absent). */
  flushIntervalMs?: number;
  /** Failures of the automatic flushes (size, timer); an explicit `flush()` rejects instead. */
  onFlushError?: (error: unknown) => void;
}

export class WriteBehindFlushError extends Error {
  override readonly name = 'WriteBehindFlushError';
  constructor(
    readonly stillPending: number,
    cause: unknown,
  ) {
    super(`write-behind: a batch failed; ${stillPending} write(s) stay queued for the next flush`, { cause });
  }
}

/**
 * Write-behind (write-back): a write goes to the cache at once and into an in-memory queue; the
 * queue is flushed to the source in batches — when it is full, on a timer, or on an explicit
 * `flush()`. Writes are fast and the source sees fewer, larger writes (ten updates of one id
 * before a flush cost one row write: last write wins).
 *
 * What can go wrong, by design:
 * - a failed batch stays queued (unless a newer write of the same id arrived meanwhile) and is
 *   retried at the next flush; `flush()` rejects with `WriteBehindFlushError`;
 * - the queue lives in this process: if it dies before a flush, the queued writes are lost, and
 *   once their cache entries expire, readers see the old values from the source again;
 * - until a flush, the source is behind the cache: anything reading the source directly (reports,
 *   other services) sees old data. Keep the TTL well above the flush interval.
 */
export class WriteBehindCache<Id, T> {
  private readonly pending = new Map<Id, T>();
  private flushes: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WriteBehindOptions<Id, T>) {
    assertPositiveMs('batchSize', options.batchSize);
    if (options.flushIntervalMs !== undefined) {
      assertPositiveMs('flushIntervalMs', options.flushIntervalMs);
      this.timer = setInterval(() => this.flushInBackground(), options.flushIntervalMs);
      this.timer.unref(); // a pending timer must not keep the process alive on its own
    }
  }

  get(id: Id): Promise<CacheRead<T>> {
    return this.options.cache.get(id);
  }

  /** Resolves once the cache holds the value — not once the source does. If the cache refuses, rejects and queues nothing. */
  async write(id: Id, value: T): Promise<void> {
    await this.options.cache.put(id, value);
    this.pending.set(id, value);
    if (this.pending.size >= this.options.batchSize) this.flushInBackground();
  }

  /** Writes accepted but not yet in the source. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Saves everything queued so far, in batches; resolves with how many writes were saved. Flushes
   * run one at a time, in call order, so a batch never overtakes an older one of the same id.
   */
  flush(): Promise<number> {
    const run = this.flushes.then(() => this.saveQueued());
    this.flushes = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and flushes what is left. */
  async close(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    return this.flush();
  }

  private flushInBackground(): void {
    this.flush().catch((error: unknown) => this.options.onFlushError?.(error));
  }

  private async saveQueued(): Promise<number> {
    // Take the queue as it is now; writes arriving during the save queue up for the next flush.
    const taken = [...this.pending].map(([id, value]) => ({ id, value }));
    this.pending.clear();
    let saved = 0;
    while (saved < taken.length) {
      const batch = taken.slice(saved, saved + this.options.batchSize);
      try {
        await this.options.saveBatch(batch);
      } catch (error) {
        this.requeue(taken.slice(saved));
        throw new WriteBehindFlushError(this.pending.size, error);
      }
      saved += batch.length;
    }
    return saved;
  }

  private requeue(writes: ReadonlyArray<PendingWrite<Id, T>>): void {
    for (const { id, value } of writes) {
      // A newer write of the same id, made during the failed save, wins over the one we retry.
      if (!this.pending.has(id)) this.pending.set(id, value);
    }
  }
}
