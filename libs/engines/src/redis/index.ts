import type { EngineDriver } from '../driver';
import { userInfo } from '../url';
import { redisCapped } from './redis-capped';
import { runRedisConsole } from './redis-console';
import { probeRedis } from './redis-probe';

export const redis: EngineDriver = {
  name: 'redis',
  schemes: ['redis:'],
  /**
   * A password without a user name is the `default` user's: named, because Debian's redis-cli 7.0
   * sends `AUTH :<password>` for `redis://:<password>@…` and the server refuses it, while every
   * client reads `default:`. No database path: lessons use database 0.
   */
  connectionUrl: (parts, host, port) => `redis://${userInfo(parts, 'default')}${host}:${port}`,
  probe: probeRedis,
  runConsoleQuery: runRedisConsole,
  lab: { kind: 'redis', queries: redisCapped },
};
