// Public surface of @lab/engines: engine names, the console contract, its errors, the drivers.
export * from './console';
export * from './errors';
export type { EngineDriver } from './driver';
export { engineDriver, runConsoleQuery } from './registry';
