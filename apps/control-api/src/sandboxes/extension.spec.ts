import { planExtension, workshopEndOf } from './extension';

describe('planExtension', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const minutesFromNow = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it('adds the minutes to the current expiry', () => {
    expect(
      planExtension({ now, expiresAt: minutesFromNow(30), minutes: 15, maxMinutes: 480, workshopEndsAt: null }),
    ).toEqual({ kind: 'extended', expiresAt: minutesFromNow(45) });
  });

  it('counts from now when the expiry has already passed', () => {
    expect(
      planExtension({ now, expiresAt: minutesFromNow(-5), minutes: 10, maxMinutes: 480, workshopEndsAt: null }),
    ).toEqual({ kind: 'extended', expiresAt: minutesFromNow(10) });
  });

  it('refuses more than the maximum lifetime from now, allows exactly it', () => {
    const base = { now, expiresAt: minutesFromNow(100), maxMinutes: 120, workshopEndsAt: null };
    expect(planExtension({ ...base, minutes: 21 })).toEqual({ kind: 'too-long', maxMinutes: 120 });
    expect(planExtension({ ...base, minutes: 20 })).toEqual({ kind: 'extended', expiresAt: minutesFromNow(120) });
  });

  it('refuses to extend a workshop seat past the workshop’s end, even by a minute', () => {
    const endsAt = minutesFromNow(60);
    expect(planExtension({ now, expiresAt: endsAt, minutes: 1, maxMinutes: 480, workshopEndsAt: endsAt })).toEqual({
      kind: 'past-workshop-end',
      endsAt,
    });
  });

  it('allows a seat more time up to the workshop’s end (an expiry earlier than the end)', () => {
    const endsAt = minutesFromNow(60);
    const base = { now, expiresAt: minutesFromNow(30), maxMinutes: 480, workshopEndsAt: endsAt };
    expect(planExtension({ ...base, minutes: 30 })).toEqual({ kind: 'extended', expiresAt: endsAt });
    expect(planExtension({ ...base, minutes: 31 })).toEqual({ kind: 'past-workshop-end', endsAt });
  });

  it('names the workshop end before the lifetime limit when both are passed', () => {
    const endsAt = minutesFromNow(60);
    expect(planExtension({ now, expiresAt: endsAt, minutes: 600, maxMinutes: 120, workshopEndsAt: endsAt })).toEqual({
      kind: 'past-workshop-end',
      endsAt,
    });
  });
});

describe('workshopEndOf', () => {
  it('is the expiry of a seat (launched to end with its workshop) and null for any other sandbox', () => {
    const expiresAt = new Date('2026-01-01T13:00:00.000Z');
    expect(workshopEndOf({ workshopId: 'w-1', expiresAt })).toBe(expiresAt);
    expect(workshopEndOf({ workshopId: null, expiresAt })).toBeNull();
  });
});
