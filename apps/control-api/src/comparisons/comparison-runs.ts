import type { ComparisonProgress } from '@lab/compare';
import { Injectable } from '@nestjs/common';
import { Observable, ReplaySubject } from 'rxjs';

export interface ComparisonEvent {
  type: 'progress' | 'state';
  data: ComparisonProgress | { state: string; error?: string };
}

interface LiveRun {
  userId: string;
  abort: AbortController;
  events: ReplaySubject<ComparisonEvent>;
  latest?: ComparisonProgress;
  /** Settles when the run has released its slot. */
  stopped: Promise<void>;
  markStopped: () => void;
}

/**
 * The comparisons this process is running: their cancel switches and progress streams, and the
 * bounds (one per user, LAB_COMPARE_MAX_RUNNING in all) checked and taken in one synchronous step.
 */
@Injectable()
export class ComparisonRuns {
  private readonly live = new Map<string, LiveRun>();

  /** Reserves a slot, or says why not. */
  claim(
    id: string,
    userId: string,
    maxRunning: number,
  ): { ok: true; signal: AbortSignal } | { ok: false; reason: string } {
    if ([...this.live.values()].some((run) => run.userId === userId)) {
      return { ok: false, reason: 'You already have a comparison running: wait for it or delete it.' };
    }
    if (this.live.size >= maxRunning) {
      return {
        ok: false,
        reason: `${this.live.size} comparisons are running (LAB_COMPARE_MAX_RUNNING); try again later.`,
      };
    }
    let markStopped!: () => void;
    const stopped = new Promise<void>((resolve) => (markStopped = resolve));
    const run: LiveRun = { userId, abort: new AbortController(), events: new ReplaySubject(1), stopped, markStopped };
    this.live.set(id, run);
    return { ok: true, signal: run.abort.signal };
  }

  progress(id: string, progress: ComparisonProgress): void {
    const run = this.live.get(id);
    if (!run) return;
    run.latest = progress;
    run.events.next({ type: 'progress', data: progress });
  }

  latest(id: string): ComparisonProgress | undefined {
    return this.live.get(id)?.latest;
  }

  /** The run's events from its latest progress on; undefined when it is not running here. */
  events(id: string): Observable<ComparisonEvent> | undefined {
    return this.live.get(id)?.events.asObservable();
  }

  /** Ends the run's stream with its final state and frees its slot. */
  release(id: string, state: string, error?: string): void {
    const run = this.live.get(id);
    if (!run) return;
    this.live.delete(id);
    run.events.next({ type: 'state', data: { state, ...(error ? { error } : {}) } });
    run.events.complete();
    run.markStopped();
  }

  /**
   * Asks the run to stop and waits up to `waitMs` for its slot to be free, so that a client who
   * deleted a run can start the next one at once (a cancelled run stops within an operation).
   */
  async cancel(id: string, waitMs: number): Promise<void> {
    const run = this.live.get(id);
    if (!run) return;
    run.abort.abort(new Error('cancelled'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  cancelAll(): void {
    for (const run of this.live.values()) run.abort.abort(new Error('shutting down'));
  }
}
