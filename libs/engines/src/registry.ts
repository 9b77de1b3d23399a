import type { ConsoleQuery, ConsoleResult, EngineName } from './console';
import type { ConnectionParts, EngineDriver, ProbeCredentials } from './driver';
import { mariadb } from './mariadb';
import { mongodb } from './mongodb';
import { postgresql } from './postgresql';
import { redis } from './redis';

/** EngineName → driver: the one place that lists the drivers. */
const DRIVERS: Readonly<Record<EngineName, EngineDriver>> = Object.freeze({ postgresql, mariadb, redis, mongodb });

export function engineDriver(engine: EngineName): EngineDriver {
  return DRIVERS[engine];
}

export function engineDrivers(): EngineDriver[] {
  return Object.values(DRIVERS);
}

/** The driver whose client reads this URL (by its scheme), e.g. a lab target's connection. */
export function driverForUrl(url: string): EngineDriver {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url)?.[1]?.toLowerCase();
  const driver = engineDrivers().find((candidate) => scheme && candidate.schemes.includes(scheme));
  if (!driver) throw new Error(`no engine reads ${scheme ?? 'this'} URLs`);
  return driver;
}

/** The URL a student pastes into the engine's own client, credentials percent-encoded. */
export function connectionUrl(engine: EngineName, parts: ConnectionParts, host: string, port: number): string {
  return engineDriver(engine).connectionUrl(parts, host, port);
}

/** Resolves once the engine at host:port accepts clients; see each driver's probe. */
export function probeEngine(
  engine: EngineName,
  host: string,
  port: number,
  credentials: ProbeCredentials,
  timeoutMs: number,
): Promise<void> {
  return engineDriver(engine).probe(host, port, credentials, timeoutMs);
}

/** One statement on one engine, as the student whose connection URL this is; see ConsoleQuery. */
export function runConsoleQuery(engine: EngineName, url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  return engineDriver(engine).runConsoleQuery(url, query);
}
