/**
 * Expiry times in the order they were added (ascending), the oldest dropped first: a ring over one
 * Float64Array that doubles when full and is otherwise reused, so a steady stream of hits allocates
 * nothing (see hit-window-storage.ts for why that matters).
 */
export class ExpiryRing {
  private times = new Float64Array(16);
  private head = 0;
  private count = 0;

  /** How many are held. */
  get size(): number {
    return this.count;
  }

  push(time: number): void {
    if (this.count === this.times.length) this.grow();
    this.times[(this.head + this.count) & (this.times.length - 1)] = time;
    this.count += 1;
  }

  /** The oldest time held, if any. */
  oldest(): number | undefined {
    return this.count > 0 ? this.times[this.head] : undefined;
  }

  /** Drops the times up to and including `now` (expired), oldest first. */
  dropUntil(now: number): void {
    const mask = this.times.length - 1;
    while (this.count > 0 && this.times[this.head]! <= now) {
      this.head = (this.head + 1) & mask;
      this.count -= 1;
    }
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Twice the room, oldest first from index 0 (the length stays a power of two for the mask). */
  private grow(): void {
    const larger = new Float64Array(this.times.length * 2);
    const tail = this.times.subarray(this.head);
    larger.set(tail);
    larger.set(this.times.subarray(0, this.head), tail.length);
    this.times = larger;
    this.head = 0;
  }
}
