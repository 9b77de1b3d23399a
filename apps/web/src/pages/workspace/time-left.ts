/**
 * Time left until `expiresAt`, as a person reads it on a clock: `1:05:09`, `4:07`, or `expired`.
 * Whole seconds, rounded down, so the display never promises a second that is not there.
 */
export function formatTimeLeft(expiresAt: string, now: number): string {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (!Number.isFinite(seconds) || seconds <= 0) return 'expired';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Under five minutes left: the header says so in words and colour. */
export function isRunningOut(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) - now < 5 * 60_000;
}
