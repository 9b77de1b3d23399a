import { Client, escapeIdentifier } from 'pg';
import type { SqlConnectionConfig } from '../connection';
import { ensureStudentRole, hasSeparateAdmin, withAdminClient } from './student-role';

/**
 * How every clone here is made: FILE_COPY copies the database's files and checkpoints, instead of
 * PostgreSQL 15's default WAL_LOG, which also writes every block of the copy to the WAL. A
 * sandbox's WAL lives on its tmpfs, so that WAL is memory: an idle sql-vs-nosql PostgreSQL holds
 * ~65 MiB instead of ~72 MiB. Clones of the examples' small databases take as long either way
 * (~120 ms); a 23 MB one took ~100 ms instead of 250-1,900 ms on the loaded 2-core machine.
 * Needs PostgreSQL 15+ (the kit's images are 15 and 16).
 */
const CLONE_STRATEGY = 'STRATEGY FILE_COPY';

/** The frozen copy of the seeded database that every reset clones. */
export function seedTemplateName(database: string): string {
  return `${database}_seed`;
}

/**
 * Freezes the working database as it is now (freshly seeded) into `<database>_seed`, replacing an
 * older template. Run once after seeding; then reset is a file-level clone instead of a reseed.
 *
 * CREATE DATABASE … TEMPLATE needs the source to have no other sessions, so they are ended first
 * (close your own pools before calling). The template is then closed to connections, so that no
 * stray session can block the next reset. Runs as the admin (the template then belongs to it: the
 * student can neither connect to it nor drop it), or as the user when there is no admin.
 */
export async function saveSeedTemplate(config: SqlConnectionConfig): Promise<void> {
  const working = escapeIdentifier(config.database);
  const template = seedTemplateName(config.database);
  await withAdminClient(config, async (client) => {
    await dropTemplate(client, template);
    await endSessions(client, config.database);
    await client.query(`CREATE DATABASE ${escapeIdentifier(template)} TEMPLATE ${working} ${CLONE_STRATEGY}`);
    await client.query(`ALTER DATABASE ${escapeIdentifier(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  });
}

export interface ResetTiming {
  /** Wall time of DROP + CREATE, as seen by the caller. */
  ms: number;
}

/**
 * Restores the working database to the seed in two statements: drop it, ending its sessions
 * (WITH (FORCE), PostgreSQL 13+), and clone it again from the template. The container, its port
 * and its credentials stay; only connections opened before the reset are cut, so pools reconnect.
 *
 * With an admin, the clone is given to the student (CREATE DATABASE … OWNER; the objects inside
 * keep the student as owner, since the student created them) and the student's role is put back
 * as the seed had it: a password the student changed is restored too.
 */
export async function resetFromSeedTemplate(config: SqlConnectionConfig): Promise<ResetTiming> {
  const working = escapeIdentifier(config.database);
  const template = escapeIdentifier(seedTemplateName(config.database));
  const owner = hasSeparateAdmin(config) ? ` OWNER ${escapeIdentifier(config.user)}` : '';
  return withAdminClient(config, async (client) => {
    const started = performance.now();
    await client.query(`DROP DATABASE IF EXISTS ${working} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${working}${owner} TEMPLATE ${template} ${CLONE_STRATEGY}`);
    const ms = performance.now() - started;
    await ensureStudentRole(config, client);
    return { ms };
  });
}

/** What an example app's boot decides on: is the seed frozen, is the working database there. */
export interface BootState {
  templateSaved: boolean;
  databaseExists: boolean;
}

/**
 * A boot's admin work in one session: the student's role made right (ensureStudentRole) and the
 * state the boot decides on. Each admin session is a backend fork and a SCRAM exchange (~25-35 ms
 * at a sandbox's start, when its PostgreSQL and its app start together); a boot used three.
 */
export async function prepareBoot(config: SqlConnectionConfig): Promise<BootState> {
  return withAdminClient(config, async (client) => {
    const template = seedTemplateName(config.database);
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = ANY($1::text[])`,
      [[config.database, template]],
    );
    const existing = new Set(rows.map((row) => row.datname));
    await ensureStudentRole(config, client);
    return { templateSaved: existing.has(template), databaseExists: existing.has(config.database) };
  });
}

/** Whether the working database exists (a reset that stopped between DROP and CREATE leaves none). */
export async function databaseExists(config: SqlConnectionConfig): Promise<boolean> {
  return withAdminClient(config, async (client) => {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [config.database]);
    return (rowCount ?? 0) > 0;
  });
}

/** Whether a seed template exists for this database (e.g. to decide between reset and first seed). */
export async function hasSeedTemplate(config: SqlConnectionConfig): Promise<boolean> {
  return withAdminClient(config, async (client) => {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [
      seedTemplateName(config.database),
    ]);
    return (rowCount ?? 0) > 0;
  });
}

async function dropTemplate(client: Client, template: string): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
  if (!rowCount) return;
  // A template cannot be dropped while it is marked as one.
  await client.query(`ALTER DATABASE ${escapeIdentifier(template)} WITH IS_TEMPLATE false`);
  await client.query(`DROP DATABASE ${escapeIdentifier(template)} WITH (FORCE)`);
}

async function endSessions(client: Client, database: string): Promise<void> {
  await client.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [database],
  );
}
