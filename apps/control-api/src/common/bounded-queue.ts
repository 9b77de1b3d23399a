/**
 * Runs at most `limit` tasks at once, the rest in arrival order: provisioning thirty seats must not
 * start thirty PostgreSQL servers on a two-core machine at the same moment.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Tasks running now, and tasks waiting for room (for metrics). */
  get depth(): { running: number; waiting: number; limit: number } {
    return { running: this.running, waiting: this.waiting.length, limit: this.limit };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
