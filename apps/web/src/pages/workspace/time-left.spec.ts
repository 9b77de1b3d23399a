import { describe, expect, it } from '@jest/globals';
import { formatTimeLeft, isRunningOut } from './time-left';

describe('formatTimeLeft', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');

  it('shows hours, minutes and seconds when an hour or more is left', () => {
    expect(formatTimeLeft('2026-01-01T11:05:09.900Z', now)).toBe('1:05:09');
  });

  it('shows minutes and seconds under an hour', () => {
    expect(formatTimeLeft('2026-01-01T10:04:07Z', now)).toBe('4:07');
  });

  it('says expired at and after the end, and for an unreadable date', () => {
    expect([
      formatTimeLeft('2026-01-01T10:00:00Z', now),
      formatTimeLeft('2026-01-01T09:00:00Z', now),
      formatTimeLeft('not a date', now),
    ]).toEqual(['expired', 'expired', 'expired']);
  });

  it('warns under five minutes only', () => {
    expect([isRunningOut('2026-01-01T10:04:59Z', now), isRunningOut('2026-01-01T10:05:01Z', now)]).toEqual([
      true,
      false,
    ]);
  });
});
