import type { EngineDriver } from '../driver';
import { databasePath, userInfo } from '../url';
import { mariadbCapped } from './mariadb-capped';
import { runMariadbConsole } from './mariadb-console';
import { probeMariadb } from './mariadb-probe';

export const mariadb: EngineDriver = {
  name: 'mariadb',
  schemes: ['mysql:'],
  connectionUrl: (parts, host, port) => `mysql://${userInfo(parts)}${host}:${port}${databasePath(parts)}`,
  probe: probeMariadb,
  runConsoleQuery: runMariadbConsole,
  lab: { kind: 'sql', queries: mariadbCapped },
};
