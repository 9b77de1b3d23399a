import type { LabConfig } from '@lab/config';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { CreateAccessTokens1763892000000 } from './migrations/1763892000000-create-access-tokens';
import { CreateSandboxes1763900000000 } from './migrations/1763900000000-create-sandboxes';
import { CreateSettings1763900100000 } from './migrations/1763900100000-create-settings';
import { CreateClassroom1763910000000 } from './migrations/1763910000000-create-classroom';
import { SeatSecretsAndTokenExpiry1763920000000 } from './migrations/1763920000000-seat-secrets-and-token-expiry';
import { CapacityLockAndFailedAt1764100000000 } from './migrations/1764100000000-capacity-lock-and-failed-at';
import { ConsoleAndLabChecks1764200000000 } from './migrations/1764200000000-console-and-lab-checks';
import { BrowserSessions1764300000000 } from './migrations/1764300000000-browser-sessions';
import { Comparisons1764300100000 } from './migrations/1764300100000-comparisons';

/** Every migration, oldest first. Listed as classes, not globs: the app ships as one webpack bundle. */
export const MIGRATIONS = [
  CreateAccessTokens1763892000000,
  CreateSandboxes1763900000000,
  CreateSettings1763900100000,
  CreateClassroom1763910000000,
  SeatSecretsAndTokenExpiry1763920000000,
  CapacityLockAndFailedAt1764100000000,
  ConsoleAndLabChecks1764200000000,
  BrowserSessions1764300000000,
  Comparisons1764300100000,
];

export const SQLITE_FILE_NAME = 'lab.sqlite';

/**
 * PostgreSQL when `DATABASE_URL` is set, else an embedded SQLite file in `LAB_DATA_DIR` (created
 * here). The schema is only ever changed by migrations, which run at boot.
 */
export function databaseOptions(config: LabConfig): TypeOrmModuleOptions {
  const common = {
    autoLoadEntities: true,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    logging: false,
  } as const;
  if (config.databaseUrl !== undefined) {
    return { ...common, type: 'postgres', url: config.databaseUrl, retryAttempts: 5, retryDelay: 2_000 };
  }
  ownerOnlyDataDir(config.dataDir);
  return {
    ...common,
    type: 'better-sqlite3',
    database: sqliteFile(config.dataDir),
    enableWAL: true,
    // A local file either opens or it does not: retrying only delays the error.
    retryAttempts: 0,
  };
}

/**
 * Owner-only: the state holds token hashes and the sandboxes' generated passwords. `mkdir`'s mode
 * only applies to a folder it creates (and the umask narrows it), so an existing folder or file
 * is chmod-ed too. The database file is created here with 0600 before SQLite opens it (an empty
 * file is an empty database), and SQLite gives its -wal and -shm files the database file's mode.
 */
export function ownerOnlyDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = sqliteFile(dataDir);
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, SQLITE_FILE_NAME);
}
