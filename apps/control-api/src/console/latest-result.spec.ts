import { latestCheckOf, latestResult } from './latest-result';

const own = (stepId: string, passed: boolean, at: string) => ({
  sandboxId: 'sb-0000000000000001',
  stepId,
  passed,
  detail: passed ? 'seen' : 'not seen',
  checkedAt: new Date(at),
});
const seat = (at: string, ...steps: [string, boolean][]) => ({
  steps: steps.map(([id, passed]) => ({ id, passed })),
  evaluatedAt: new Date(at),
});
const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T10:05:00.000Z';

describe('latestResult', () => {
  it('is not passed and never checked without any result', () => {
    expect(latestResult('a', undefined, undefined, undefined)).toEqual({ passed: false });
  });

  it('takes the student’s own check, with its detail, when it is newer than the seat’s evaluation', () => {
    const check = own('a', true, T1);
    expect(latestResult('a', check, seat(T0, ['a', false]), check.checkedAt)).toEqual({
      passed: true,
      checkedAt: T1,
      detail: 'seen',
    });
  });

  it('takes the seat’s evaluation when it is newer than every check of the student', () => {
    const check = own('a', false, T0);
    expect(latestResult('a', check, seat(T1, ['a', true]), check.checkedAt)).toEqual({ passed: true, checkedAt: T1 });
  });

  it('gives a step the student never checked no check time when the seat was last written by a check', () => {
    // The student checked step a at T1, which wrote the seat's progress (b: the older evaluation's result).
    const checkOfA = own('a', true, T1);
    expect(latestResult('b', undefined, seat(T1, ['a', true], ['b', true]), checkOfA.checkedAt)).toEqual({
      passed: true,
    });
  });
});

describe('latestCheckOf', () => {
  it('is the newest check time, or none', () => {
    expect(latestCheckOf([])).toBeUndefined();
    expect(latestCheckOf([own('a', true, T0), own('b', false, T1)])).toEqual(new Date(T1));
  });
});
