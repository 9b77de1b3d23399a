/// <reference types="jest" />
// Pure logic of the page, run by the unit project (the web tsconfig has no Jest globals of its own).
import { timeLeft } from './time-left';

describe('timeLeft', () => {
  const now = Date.parse('2026-01-01T10:00:00.000Z');

  it('counts minutes under an hour', () => {
    expect(timeLeft('2026-01-01T10:12:30.000Z', now)).toBe('12 min');
  });

  it('counts hours and minutes beyond', () => {
    expect(timeLeft('2026-01-01T11:05:00.000Z', now)).toBe('1 h 05 min');
  });

  it('says expired once the time is up', () => {
    expect(timeLeft('2026-01-01T09:59:00.000Z', now)).toBe('expired');
  });
});
