import type { EngineDriver } from '../driver';
import { databasePath, userInfo } from '../url';
import { postgresCapped } from './postgres-capped';
import { runPostgresConsole } from './postgres-console';
import { probePostgres } from './postgres-probe';

export const postgresql: EngineDriver = {
  name: 'postgresql',
  schemes: ['postgresql:', 'postgres:'],
  connectionUrl: (parts, host, port) => `postgresql://${userInfo(parts)}${host}:${port}${databasePath(parts)}`,
  probe: probePostgres,
  runConsoleQuery: runPostgresConsole,
  lab: { kind: 'sql', queries: postgresCapped },
};
