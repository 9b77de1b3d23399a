/** Time until `expiresAt`, in words that fit a table cell: "1 h 05 min", "12 min", "expired". */
export function timeLeft(expiresAt: string, now: number = Date.now()): string {
  const minutes = Math.floor((new Date(expiresAt).getTime() - now) / 60_000);
  if (!Number.isFinite(minutes)) return '—';
  if (minutes <= 0) return 'expired';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
