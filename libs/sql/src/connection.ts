import { DataSource } from 'typeorm';
import { BOOKSTORE_MIGRATIONS } from './migrations';
import { RELATIONAL_ENTITIES } from './relational/entities';
import { keptForStudent } from './reset/kept-boot';

/**
 * Where the bookstore database is. Passed in by the caller (an example app reads it from its
 * config, a test from the sandbox it provisioned): this library never reads the environment.
 */
export interface SqlConnectionConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The working database: the one students change and reset restores. */
  database: string;
  /** Where CREATE/DROP DATABASE run from during a reset; defaults to `postgres`. */
  maintenanceDatabase?: string;
  /** Pool size; defaults to 5 (a sandbox serves one student, not a crowd). */
  poolSize?: number;
  /**
   * A superuser for what the student must not be able to do: create the student's role, save the
   * seed template, drop and clone the working database on reset. When absent, `user` does it all
   * (and so must be a superuser itself, as in the library's own tests). Never shown to students.
   */
  admin?: { user: string; password: string };
}

/**
 * A DataSource for the bookstore: relational entities, both models' migrations (listed as classes:
 * example apps ship as webpack bundles, where globs find nothing). The schema only ever changes
 * through migrations; `synchronize` would hide the DDL the lesson is about.
 */
export function createBookstoreDataSource(config: SqlConnectionConfig): DataSource {
  return new DataSource({
    type: 'postgres',
    host: config.host,
    port: config.port,
    username: config.user,
    password: config.password,
    database: config.database,
    poolSize: config.poolSize ?? 5,
    entities: RELATIONAL_ENTITIES,
    migrations: BOOKSTORE_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

/** Opens the DataSource and brings the schema up to date. */
export async function openBookstore(config: SqlConnectionConfig): Promise<DataSource> {
  const dataSource = createBookstoreDataSource(config);
  await dataSource.initialize();
  return migrated(dataSource);
}

/**
 * A boot's kept path in the student's own session, with no admin session before it (see
 * keptForStudent): the DataSource, opened and up to date, when the student's login works and the
 * seed template exists. Undefined, with nothing left open, when the admin must prepare the boot.
 */
export async function openBookstoreIfKept(config: SqlConnectionConfig): Promise<DataSource | undefined> {
  const dataSource = createBookstoreDataSource(config);
  let kept = false;
  try {
    kept = await keptForStudent(async (sql, params) => {
      await dataSource.initialize();
      return dataSource.query(sql, params);
    }, config.database);
  } finally {
    if (!kept && dataSource.isInitialized) await dataSource.destroy();
  }
  return kept ? migrated(dataSource) : undefined;
}

async function migrated(dataSource: DataSource): Promise<DataSource> {
  try {
    await dataSource.runMigrations();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
