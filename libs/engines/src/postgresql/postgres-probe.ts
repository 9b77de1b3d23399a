import { Client } from 'pg';
import type { ProbeCredentials } from '../driver';

/** Ready means: authenticates with the sandbox's credentials and answers `SELECT 1`. */
export async function probePostgres(
  host: string,
  port: number,
  credentials: ProbeCredentials,
  timeoutMs: number,
): Promise<void> {
  const { user, password, database } = credentials;
  const client = new Client({
    host,
    port,
    user,
    password,
    database,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A failed connect can still emit 'error' later; swallow it so it cannot crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ ok: number }>('SELECT 1 AS ok');
    if (result.rows[0]?.ok !== 1) throw new Error('postgres: SELECT 1 did not return 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
