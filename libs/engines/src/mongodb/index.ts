import type { EngineDriver } from '../driver';
import { databasePath, userInfo } from '../url';
import { runMongoConsole } from './mongo-console';
import { probeMongodb } from './mongo-probe';

export const mongodb: EngineDriver = {
  name: 'mongodb',
  schemes: ['mongodb:'],
  /** The lab's MongoDB users are made in `admin` (MONGO_INITDB_ROOT_USERNAME), hence authSource. */
  connectionUrl: (parts, host, port) =>
    `mongodb://${userInfo(parts)}${host}:${port}${databasePath(parts)}?authSource=admin`,
  probe: probeMongodb,
  runConsoleQuery: runMongoConsole,
};
