import { summarizeMs } from './histogram';
import {
  correctedLatencyMs,
  intendedStartMs,
  operationCount,
  simulateSchedule,
  uncorrectedLatencyMs,
} from './schedule';

/** A server that answers in `normalMs` but, the first time it is busy after mid-second, stalls `stallMs`. */
function stallOncePerSecond(stallMs: number, normalMs: number) {
  let stalledInSecond = -1;
  return (_index: number, startedMs: number): number => {
    const second = Math.floor(startedMs / 1000);
    if (startedMs % 1000 < 500 || stalledInSecond === second) return normalMs;
    stalledInSecond = second;
    return stallMs;
  };
}

describe('open-loop schedule', () => {
  it('spaces intended starts evenly at the target rate', () => {
    expect([0, 1, 2, 500].map((i) => intendedStartMs(i, 500))).toEqual([0, 2, 4, 1000]);
    expect(operationCount(500, 10_000)).toBe(5000);
  });

  it('counts corrected latency from the intended start and uncorrected from the actual send', () => {
    const timing = { intendedMs: 10, startedMs: 40, endedMs: 45 };
    expect(correctedLatencyMs(timing)).toBe(35);
    expect(uncorrectedLatencyMs(timing)).toBe(5);
  });

  it('lets due operations wait for a free connection instead of being sent later on schedule', () => {
    // One connection, 1 op/ms, the first operation takes 5 ms: the next four queue behind it.
    const timings = simulateSchedule(6, 1000, 1, (index) => [5, 0.5, 0.5, 0.5, 0.5, 0.5][index]!);
    expect(timings.map((t) => t.startedMs)).toEqual([0, 5, 5.5, 6, 6.5, 7]);
    expect(timings.map(correctedLatencyMs)).toEqual([5, 4.5, 4, 3.5, 3, 2.5]);
    expect(timings.map(uncorrectedLatencyMs)).toEqual([5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('shows a 100 ms stall once a second in the corrected p99 and hides it from the uncorrected one', () => {
    // 1000 op/s for 10 s on one connection; the server answers in 0.2 ms but stalls 100 ms every second.
    const timings = simulateSchedule(10_000, 1000, 1, stallOncePerSecond(100, 0.2));
    const corrected = summarizeMs(timings.map(correctedLatencyMs));
    const uncorrected = summarizeMs(timings.map(uncorrectedLatencyMs));
    expect(corrected.p99).toBeGreaterThan(80);
    expect(uncorrected.p99).toBeLessThan(1);
    // Both see the single stall at the very top.
    expect(uncorrected.max).toBeGreaterThanOrEqual(100);
  });

  it('spreads operations over several connections before any waits', () => {
    const timings = simulateSchedule(4, 1000, 2, () => 1.5);
    expect(timings.map((t) => t.startedMs)).toEqual([0, 1, 2, 3]);
    expect(timings.map(correctedLatencyMs)).toEqual([1.5, 1.5, 1.5, 1.5]);
  });
});
