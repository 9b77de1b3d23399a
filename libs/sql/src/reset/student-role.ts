import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { SqlConnectionConfig } from '../connection';

/**
 * Connects as the admin (when the config has one, else as the user) to the maintenance database,
 * never to the working one: the student owns that database and could plant functions or operators
 * there that a superuser session would run.
 */
export async function withAdminClient<T>(
  config: SqlConnectionConfig,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: config.host,
    port: config.port,
    user: config.admin?.user ?? config.user,
    password: config.admin?.password ?? config.password,
    database: config.maintenanceDatabase ?? 'postgres',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the config separates an admin from the student (otherwise the user is both). */
export function hasSeparateAdmin(config: SqlConnectionConfig): boolean {
  return config.admin !== undefined && config.admin.user !== config.user;
}

/**
 * The student's role as it must be: LOGIN with the sandbox's password, and none of NOSUPERUSER's
 * escape hatches (no CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS, no membership in
 * pg_read_server_files & co.), owning the working database when it exists. Idempotent: the first
 * boot creates the role, every reset puts back a password the student may have changed.
 *
 * Owning the database is enough for the lab: PostgreSQL 15+ gives the `public` schema to
 * `pg_database_owner`, so the owner creates tables, indexes, views and functions there and owns
 * what it creates (an index on a table needs its ownership, hence migrations run as the student).
 */
export async function ensureStudentRole(config: SqlConnectionConfig, client?: Client): Promise<void> {
  if (!hasSeparateAdmin(config)) return;
  if (!client) return withAdminClient(config, (admin) => ensureStudentRole(config, admin));
  const role = escapeIdentifier(config.user);
  // The statements carry the student's password: keep them out of the server log even if one fails.
  await client.query(`SET log_min_error_statement = panic`);
  const { rowCount } = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [config.user]);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
  await client.query(
    `${rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes} PASSWORD ${escapeLiteral(config.password)}`,
  );
  const database = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [config.database]);
  if (database.rowCount) await client.query(`ALTER DATABASE ${escapeIdentifier(config.database)} OWNER TO ${role}`);
}
