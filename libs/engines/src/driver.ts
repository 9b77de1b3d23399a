import type { ConsoleQuery, ConsoleResult, EngineName, QueryLimits } from './console';

/** What a connection URL is made of, as a manifest's `connection:` states it (secrets filled in). */
export interface ConnectionParts {
  username?: string;
  password?: string;
  database?: string;
}

/** The credentials a readiness probe authenticates with (the admin's; never shown to students). */
export interface ProbeCredentials {
  user?: string;
  password?: string;
  database?: string;
}

/**
 * Which kind of lab step (`lab.yaml`: `check:` / `solution:`) an engine answers, and what its
 * statement is: a SQL text (`sql:`) or a command's arguments (`redis:`).
 */
export type LabStatementKind = 'sql' | 'redis';
export type LabStatement = string | readonly string[];

/**
 * The capped queries of lab checks and solutions, which run in the control API with the student's
 * credentials and data. Unlike the console, which shows what fits and says `truncated`, they fail
 * past the limits: ResultTooLarge (rows or bytes) and QueryTimedOut, never more memory or time.
 */
export interface CappedQueries {
  /** A check: read-only where the engine can enforce it; SQL rows as objects, a command's reply. */
  read(url: string, statement: LabStatement, limits: QueryLimits): Promise<unknown>;
  /** A solution's action: any statement (DDL, DML, a write command). */
  write(url: string, statement: LabStatement, limits: QueryLimits): Promise<unknown>;
}

/**
 * One engine, everything the lab knows about it. A driver lives in `src/<engine>/` and is the
 * only code that imports its client library (`pg`, `mysql2`, `ioredis`, `mongodb`).
 */
export interface EngineDriver {
  readonly name: EngineName;
  /** URL schemes its client accepts; the first is the one connectionUrl writes. */
  readonly schemes: readonly string[];
  /** The URL a student pastes into the engine's own client (psql, mariadb, redis-cli -u, mongosh). */
  connectionUrl(parts: ConnectionParts, host: string, port: number): string;
  /** Resolves once the engine accepts clients (authenticated when credentials are given). */
  probe(host: string, port: number, credentials: ProbeCredentials, timeoutMs: number): Promise<void>;
  /** One console statement with limits, as the student whose URL this is. */
  runConsoleQuery(url: string, query: ConsoleQuery): Promise<ConsoleResult>;
  /** The lab step kind this engine's checks use, if any, and their capped queries. */
  readonly lab?: { kind: LabStatementKind; queries: CappedQueries };
}
