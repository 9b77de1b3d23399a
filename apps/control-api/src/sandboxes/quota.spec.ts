import { checkQuota } from './quota';

const now = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number) => ({ expiresAt: new Date(now.getTime() + minutes * 60_000) });

describe('checkQuota', () => {
  it('lets a launch through below both limits', () => {
    expect(checkQuota({ own: [at(5)], all: [at(5), at(9)], limits: { perUser: 2, total: 3 }, now })).toBeUndefined();
  });

  it('refuses at the per-user limit, retrying when the first own sandbox expires', () => {
    const refusal = checkQuota({ own: [at(30), at(10)], all: [at(30), at(10)], limits: { perUser: 2, total: 9 }, now });
    expect(refusal?.detail).toMatch(/at most|most allowed per user is 2/);
    expect(refusal?.retryAfterSeconds).toBe(600);
  });

  it('refuses at the total limit, retrying when the first of all expires', () => {
    const refusal = checkQuota({ own: [], all: [at(3), at(1)], limits: { perUser: 2, total: 2 }, now });
    expect(refusal?.detail).toMatch(/capacity of 2/);
    expect(refusal?.retryAfterSeconds).toBe(60);
  });

  it('never asks to retry in less than a second (an overdue sandbox is about to be reaped)', () => {
    expect(checkQuota({ own: [at(-1)], all: [at(-1)], limits: { perUser: 1, total: 9 }, now })?.retryAfterSeconds).toBe(
      1,
    );
  });
});
