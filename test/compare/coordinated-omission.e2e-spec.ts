import { runOpenLoop } from '@lab/compare';
import { connectLineClient, startStallingServer } from './support/stalling-server';

/**
 * The harness against a real TCP service that stalls 100 ms once a second, through one connection
 * at 500 op/s: about 10 % of the operations are due during a stall, so the latency counted from
 * each operation's intended start has the stall in its p99; counted from the actual send (a closed
 * loop's view) only the one operation per second that met the stall is slow, 0.2 %, below p99.
 */
describe('coordinated omission: the open loop sees a stall a closed loop hides', () => {
  it('puts a 100 ms stall once a second into the corrected p99 but not the uncorrected one', async () => {
    const server = await startStallingServer(100);
    const client = await connectLineClient(server.port);
    try {
      const result = await runOpenLoop({
        ratePerSecond: 500,
        durationMs: 5000,
        warmupMs: 500,
        concurrency: 1,
        next: () => ({ name: 'get', run: client.request }),
      });
      const op = result.operations.get('get')!;
      const corrected = op.corrected.summary();
      const uncorrected = op.uncorrected.summary();
      expect(op.errors).toBe(0);
      expect(corrected.count).toBe(2500);
      // Both saw a 100 ms answer; only the corrected view counts the operations queued behind it.
      expect(uncorrected.max).toBeGreaterThanOrEqual(95);
      expect(corrected.p99).toBeGreaterThanOrEqual(60);
      expect(uncorrected.p99).toBeLessThan(50);
    } finally {
      client.close();
      await server.close();
    }
  }, 30_000);
});
