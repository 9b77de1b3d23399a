import { checkQuota, countsAgainstOwner } from './quota';

const now = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number, state: 'ready' | 'stopping' = 'ready') => ({
  state,
  expiresAt: new Date(now.getTime() + minutes * 60_000),
});
const launch = { own: 1, total: 1 };

describe('checkQuota', () => {
  it('lets a launch through below both limits', () => {
    expect(
      checkQuota({ own: [at(5)], all: [at(5), at(9)], limits: { perUser: 2, total: 3 }, adding: launch, now }),
    ).toBeUndefined();
  });

  it('refuses at the per-user limit, retrying when the first own sandbox expires', () => {
    const refusal = checkQuota({
      own: [at(30), at(10)],
      all: [at(30), at(10)],
      limits: { perUser: 2, total: 9 },
      adding: launch,
      now,
    });
    expect(refusal?.detail).toMatch(/most allowed per user is 2/);
    expect(refusal?.retryAfterSeconds).toBe(600);
  });

  it('refuses at the total limit, retrying when the first of all expires', () => {
    const refusal = checkQuota({ own: [], all: [at(3), at(1)], limits: { perUser: 2, total: 2 }, adding: launch, now });
    expect(refusal?.detail).toMatch(/capacity of 2/);
    expect(refusal?.retryAfterSeconds).toBe(60);
  });

  it('never asks to retry in less than a second (an overdue sandbox is about to be reaped)', () => {
    const refusal = checkQuota({ own: [at(-1)], all: [at(-1)], limits: { perUser: 1, total: 9 }, adding: launch, now });
    expect(refusal?.retryAfterSeconds).toBe(1);
  });

  it('asks to retry in seconds when a counted sandbox is being removed', () => {
    const refusal = checkQuota({
      own: [at(60, 'stopping')],
      all: [at(60, 'stopping')],
      limits: { perUser: 1, total: 9 },
      adding: launch,
      now,
    });
    expect(refusal?.retryAfterSeconds).toBe(5);
  });

  it('lets a claim of a pooled sandbox through at full capacity: it is counted already', () => {
    const full = [at(5), at(6)];
    expect(
      checkQuota({ own: [], all: full, limits: { perUser: 1, total: 2 }, adding: { own: 1, total: 0 }, now }),
    ).toBeUndefined();
    expect(
      checkQuota({ own: [at(5)], all: full, limits: { perUser: 1, total: 2 }, adding: { own: 1, total: 0 }, now })
        ?.detail,
    ).toMatch(/per user/);
  });

  it('admits seats all or nothing against the total only', () => {
    const all = [at(5), at(6), at(7)];
    const seats = (count: number) =>
      checkQuota({ own: [], all, limits: { perUser: 1, total: 10 }, adding: { own: 0, total: count }, now });
    expect(seats(7)).toBeUndefined();
    expect(seats(8)?.detail).toMatch(/capacity of 10 running sandboxes \(3 now\)\. 8 more do not fit/);
  });
});

describe('countsAgainstOwner', () => {
  it('counts a plain sandbox and a joined seat against their owner, not an unjoined seat', () => {
    expect(countsAgainstOwner({ ownerId: 'u', workshopId: null, leaderId: null })).toBe(true);
    expect(countsAgainstOwner({ ownerId: 'student', workshopId: 'w', leaderId: 'leader' })).toBe(true);
    expect(countsAgainstOwner({ ownerId: 'leader', workshopId: 'w', leaderId: 'leader' })).toBe(false);
  });
});
