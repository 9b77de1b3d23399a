import type { ConsoleQuery, ConsoleResult, EngineName } from './console';
import type { EngineDriver } from './driver';
import { StatementRejected } from './errors';
import { postgresql } from './postgresql';

/** EngineName → driver: the one place that lists the drivers. */
const DRIVERS: Partial<Record<EngineName, EngineDriver>> = { postgresql };

export function engineDriver(engine: EngineName): EngineDriver {
  const driver = DRIVERS[engine];
  if (!driver) throw new StatementRejected(`the console does not run ${engine} statements yet`);
  return driver;
}

/** One statement on one engine, as the student whose connection URL this is; see ConsoleQuery. */
export function runConsoleQuery(engine: EngineName, url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  return engineDriver(engine).runConsoleQuery(url, query);
}
