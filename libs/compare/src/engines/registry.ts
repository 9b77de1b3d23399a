import type { EngineFactory } from '../engine';
import { openMariadbTables } from './mariadb-engine';
import { openMongoDocuments } from './mongodb-engine';
import { openPostgresJsonb, openPostgresTables } from './postgres-engines';
import { openRedisStructures } from './redis-engine';

/**
 * The engines a comparison can name, each in its natural model, opened from the connection URL of
 * its service (`@lab/engines`' connectionUrl). `postgresql` and `postgresql-jsonb` may share one
 * database: their tables differ.
 */
export const COMPARE_ENGINES = {
  postgresql: { engine: 'postgresql', open: openPostgresTables },
  'postgresql-jsonb': { engine: 'postgresql', open: openPostgresJsonb },
  mariadb: { engine: 'mariadb', open: openMariadbTables },
  redis: { engine: 'redis', open: openRedisStructures },
  mongodb: { engine: 'mongodb', open: openMongoDocuments },
} as const satisfies Record<string, { engine: string; open: EngineFactory }>;

export type CompareEngineName = keyof typeof COMPARE_ENGINES;
export const COMPARE_ENGINE_NAMES = Object.keys(COMPARE_ENGINES) as CompareEngineName[];
