// Public surface of @lab/engines: engine names, the console contract and its errors, the
// drivers behind one interface (connection URL, readiness probe, console, capped lab queries).
export * from './console';
export * from './errors';
export type {
  CappedQueries,
  ConnectionParts,
  EngineDriver,
  LabStatement,
  LabStatementKind,
  ProbeCredentials,
} from './driver';
export { connectionUrl, driverForUrl, engineDriver, engineDrivers, probeEngine, runConsoleQuery } from './registry';
export { splitRedisArgs } from './redis/split-args';
