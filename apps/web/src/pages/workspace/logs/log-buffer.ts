/** One log line as the page keeps it. */
export interface LogEntry {
  id: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Lines kept per service: enough to scroll back, few enough that a chatty service cannot slow the page. */
export const MAX_LOG_LINES = 1_000;

/** `lines` with `added` appended, keeping only the newest `max`. */
export function appendCapped(lines: readonly LogEntry[], added: readonly LogEntry[], max = MAX_LOG_LINES): LogEntry[] {
  const all = lines.concat(added);
  return all.length > max ? all.slice(all.length - max) : all;
}
