/** The engines this lab teaches; each has a driver folder beside this file. */
export const ENGINE_NAMES = ['postgresql', 'mariadb', 'redis', 'mongodb'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}

/** What one console statement may cost: enforced by the database where it can, else by the driver. */
export interface QueryLimits {
  /** The statement's timeout on the server (and, with a grace period, the client's deadline). */
  timeoutMs: number;
  /** Rows returned at most; more make the result `truncated`. */
  maxRows: number;
  /** Bytes of the JSON rows returned at most; more make the result `truncated`. */
  maxBytes: number;
}

export interface ConsoleQuery {
  /** One statement (SQL), one command (Redis, as typed in redis-cli), one command document (MongoDB). */
  statement: string;
  /** `plan`: the plan without running it; `analyze`: run it and return the plan with actual figures. */
  explain?: 'plan' | 'analyze';
  limits: QueryLimits;
}

export interface ConsoleResult {
  columns: string[];
  /** JSON-safe values aligned with columns (bigint, binary and dates as strings). */
  rows: unknown[][];
  /** Rows returned, or rows affected by DML. */
  rowCount: number;
  /** True when maxRows or maxBytes cut the result. */
  truncated: boolean;
  durationMs: number;
  notices?: string[];
  /** The engine's structured plan (parsed JSON) when explain was asked. */
  plan?: unknown;
}
