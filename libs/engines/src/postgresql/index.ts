import type { EngineDriver } from '../driver';
import { runPostgresConsole } from './postgres-console';

export const postgresql: EngineDriver = {
  name: 'postgresql',
  runConsoleQuery: runPostgresConsole,
};
