// The engines a comparison can run, each in its natural model.
export { openMariadbTables } from './mariadb-engine';
export { openMongoDocuments } from './mongodb-engine';
export { openPostgresJsonb, openPostgresTables } from './postgres-engines';
export { openRedisStructures } from './redis-engine';
export * from './registry';
export * from './open-engines';
