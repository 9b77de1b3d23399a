import type { Duplex } from 'node:stream';
import type { ConsoleResult, QueryLimits } from './console';
import { ResultTooLarge } from './errors';

/** Past the server's own timeout, the client gives up on a server that does not answer at all. */
export const CLIENT_GRACE_MS = 2_000;

/** Every short-lived connection of a driver gives up connecting after this. */
export const CONNECT_TIMEOUT_MS = 3_000;

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * Counts what arrives on a client's socket and destroys the socket as soon as the count passes
 * `maxBytes`. Drivers (pg, mysql2, ioredis) buffer a whole row or reply before they hand it over,
 * so a cap counted on parsed values comes too late for one huge value; on the socket, at most one
 * chunk (≤ 64 KiB) past the cap is ever held. `exceeded()` tells the caller why the driver failed.
 */
export function capSocket(socket: Duplex, maxBytes: number): { exceeded: () => boolean; received: () => number } {
  let received = 0;
  let exceeded = false;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes && !exceeded) {
      exceeded = true;
      socket.destroy(new ResultTooLarge(`more than ${describeBytes(maxBytes)}`));
    }
  });
  return { exceeded: () => exceeded, received: () => received };
}

/**
 * How many bytes a console result may take on the wire before the socket is cut. Rows are read in
 * small batches and counted as JSON, so an ordinary result stops far below this; the socket cap
 * is for one value so large that the driver would buffer it whole (a 1 GB text). Wire encodings
 * take up to about 4× the JSON of tiny values (length prefixes), hence the factor.
 */
export function consoleWireCap(limits: QueryLimits): number {
  return limits.maxBytes * 8 + 256 * 1024;
}

/**
 * Converts a driver's value into what JSON carries faithfully: bigints and decimals as strings,
 * binary as hex (`\x…`, PostgreSQL's own text form), dates as ISO 8601, nested values likewise.
 */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  const custom = value as { toJSON?: () => unknown };
  if (typeof custom.toJSON === 'function') return jsonSafe(custom.toJSON());
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
}

/**
 * Collects a console result's rows until either limit is reached: `add` answers false once the
 * result is full (the row that did not fit is dropped and `truncated` is set), so the driver stops
 * reading and closes its cursor.
 */
export class RowCollector {
  readonly rows: unknown[][] = [];
  truncated = false;
  private bytes = 0;

  constructor(private readonly limits: QueryLimits) {}

  add(row: unknown[]): boolean {
    if (this.rows.length >= this.limits.maxRows) {
      this.truncated = true;
      return false;
    }
    const safe = row.map(jsonSafe);
    const size = Buffer.byteLength(JSON.stringify(safe)) + 1;
    if (this.bytes + size > this.limits.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.bytes += size;
    this.rows.push(safe);
    return true;
  }
}

/** What a SQL console knows once its statement has run, besides the rows it collected. */
export interface SqlOutcome {
  explain: boolean;
  columns: string[];
  /** Rows the statement changed (DML), when the driver said. */
  affected: number | null | undefined;
  /** performance.now() when the statement started. */
  started: number;
  notices: string[];
  /** The plan from the first cell of an EXPLAIN result (drivers hand it over parsed or as text). */
  plan: (cell: unknown) => unknown;
}

/**
 * The ConsoleResult of a SQL statement: for an explain only the plan, else the collected rows. A
 * SELECT counts the rows it returned; DML without RETURNING the rows it changed.
 */
export function sqlConsoleResult(collector: RowCollector, outcome: SqlOutcome): ConsoleResult {
  const durationMs = Math.round(performance.now() - outcome.started);
  const extra = outcome.notices.length > 0 ? { notices: outcome.notices } : {};
  const { columns } = outcome;
  if (outcome.explain) {
    const cell = collector.rows[0]?.[0];
    return {
      columns: [],
      rows: [],
      rowCount: 0,
      truncated: collector.truncated,
      durationMs,
      ...extra,
      plan: cell === undefined ? null : outcome.plan(cell),
    };
  }
  return {
    columns,
    rows: collector.rows,
    rowCount: columns.length > 0 ? collector.rows.length : (outcome.affected ?? 0),
    truncated: collector.truncated,
    durationMs,
    ...extra,
  };
}
