import { ThrottlerStorageService } from '@nestjs/throttler';
import { HitWindowStorage } from './hit-window-storage';

/** One request: how long after the previous one it comes, and what it is counted under. */
interface Step {
  afterMs: number;
  key: string;
  throttler: string;
}

/** A burst past the limit, a pause into the block, a wait past the window, two keys and two throttlers. */
function schedule(): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < 40; i += 1)
    steps.push({ afterMs: 150, key: i % 3 === 0 ? 'user:b' : 'user:a', throttler: 'default' });
  steps.push({ afterMs: 4_000, key: 'user:a', throttler: 'default' });
  for (let i = 0; i < 12; i += 1) steps.push({ afterMs: 900, key: 'user:a', throttler: i % 2 ? 'default' : 'burst' });
  steps.push({ afterMs: 11_000, key: 'user:a', throttler: 'default' });
  steps.push({ afterMs: 61_000, key: 'user:b', throttler: 'default' });
  return steps;
}

// The package's storage is the reference: ours must answer every request exactly as it does.
describe('HitWindowStorage', () => {
  let now: number;
  beforeEach(() => {
    now = Date.parse('2026-12-01T12:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['with a block of 5 s after the limit', 5_000],
    ['with a block as long as the window', 10_000],
    ['without a block', 0],
  ])('answers as @nestjs/throttler’s own storage, %s', async (_title, blockDuration) => {
    const reference = new ThrottlerStorageService();
    const ours = new HitWindowStorage();
    const answers: [unknown, unknown][] = [];
    for (const step of schedule()) {
      now += step.afterMs;
      answers.push([
        await ours.increment(step.key, 10_000, 8, blockDuration, step.throttler),
        await reference.increment(step.key, 10_000, 8, blockDuration, step.throttler),
      ]);
    }
    reference.onApplicationShutdown();
    ours.onApplicationShutdown();
    expect(answers.map(([mine]) => mine)).toEqual(answers.map(([theirs]) => theirs));
  });

  it('blocks at the limit', async () => {
    const storage = new HitWindowStorage();
    const records = [];
    for (let i = 0; i < 4; i += 1) records.push(await storage.increment('user:a', 60_000, 3, 60_000, 'default'));
    storage.onApplicationShutdown();
    expect(records.map((record) => record.isBlocked)).toEqual([false, false, false, true]);
  });
});
