/**
 * In-process promise coalescing: while work for a key is running, later callers for the same key
 * get the same promise instead of starting the work again. It costs nothing (no network) and
 * removes duplicates within one process; across processes, see `SingleFlight`.
 *
 * Joiners share the result object: treat it as read-only.
 */
export class PromiseCoalescer<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): { promise: Promise<V>; joined: boolean } {
    const running = this.inFlight.get(key);
    if (running) return { promise: running, joined: true };
    // Forgotten as soon as it settles: a failure is not remembered, the next caller tries again.
    const promise = (async () => work())().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { promise, joined: false };
  }

  /** Keys with work running right now. */
  get size(): number {
    return this.inFlight.size;
  }
}
