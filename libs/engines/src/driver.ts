import type { ConsoleQuery, ConsoleResult, EngineName } from './console';

/**
 * One engine, everything the lab knows about it. A driver lives in `src/<engine>/` and is the
 * only code that imports its client library (`pg`, `mysql2`, `ioredis`, `mongodb`).
 */
export interface EngineDriver {
  readonly name: EngineName;
  /** One console statement with limits, as the student's role (url). */
  runConsoleQuery(url: string, query: ConsoleQuery): Promise<ConsoleResult>;
}
