import { Client, DatabaseError, Query, type QueryConfig } from 'pg';
import type { QueryLimits } from '../console';
import type { CappedQueries, LabStatement } from '../driver';
import { QueryTimedOut, ResultTooLarge, StatementRejected } from '../errors';
import { capSocket, CLIENT_GRACE_MS, describeBytes } from '../limits';
import { QUERY_CANCELED } from './postgres-errors';

/**
 * One connection with the student's credentials, bounded: a statement timeout on the server, a
 * read deadline on the client, and a byte cap on the socket (see capSocket). Failures caused by
 * a limit come out as ResultTooLarge / QueryTimedOut, whatever the driver made of them.
 */
async function withCappedClient<T>(url: string, limits: QueryLimits, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: limits.timeoutMs,
    statement_timeout: limits.timeoutMs,
    application_name: 'backend-lab check',
  });
  const cap = capSocket(client.connection.stream, limits.maxBytes);
  // A socket destroyed by the cap while no query runs is reported here; the query's own rejection
  // (or end()) is where we learn about it.
  client.on('error', () => undefined);
  // The client's own deadline, for a server that does not answer at all. (Not pg's query_timeout:
  // it takes over a submitted query's callback, and the cursor below relies on its events.)
  let deadlinePassed = false;
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    client.connection.stream.destroy();
  }, limits.timeoutMs + CLIENT_GRACE_MS);
  try {
    await client.connect();
    return await use(client);
  } catch (error) {
    if (error instanceof ResultTooLarge) throw error;
    if (deadlinePassed) throw new QueryTimedOut(limits.timeoutMs, { cause: error });
    if (cap.exceeded()) throw new ResultTooLarge(`more than ${describeBytes(limits.maxBytes)}`);
    if (error instanceof DatabaseError && error.code === QUERY_CANCELED)
      throw new QueryTimedOut(limits.timeoutMs, { code: error.code, cause: error });
    if (error instanceof Error && /timeout/i.test(error.message)) throw new QueryTimedOut(limits.timeoutMs);
    throw error;
  } finally {
    clearTimeout(deadline);
    // After the cap destroyed the socket, end() would wait for an 'end' that already happened.
    if (!client.connection.stream.destroyed) await client.end().catch(() => undefined);
  }
}

function sqlText(statement: LabStatement): string {
  if (typeof statement !== 'string') throw new StatementRejected('a PostgreSQL statement is SQL text');
  return statement;
}

/** Rows asked of the server per Execute: small enough that a batch of wide rows stays near the byte cap. */
const BATCH_ROWS = 50;

export const postgresCapped: CappedQueries = {
  /** A solution's statement (any SQL: DDL, DML), with the student's credentials and the limits. */
  write: (url, statement, limits) =>
    withCappedClient(url, limits, async (client) => (await client.query(sqlText(statement))).rows ?? []),

  /**
   * A check's query, read through a server-side cursor in a read-only transaction. The cursor is
   * the extended protocol's portal (Bind, then Execute for BATCH_ROWS at a time, as pg-cursor does):
   * the server produces rows only as they are asked for and streams them. (A SQL `FETCH n` would
   * not do: the server materialises its whole answer before sending it, 1 GB for 1,000 rows of
   * 1 MB, which kills the student's database.) Rows are counted as they arrive and never
   * accumulated by the driver; the socket cap stops the transfer once they pass `maxBytes`. A check
   * cannot change the data it reads.
   */
  read: (url, statement, limits) =>
    withCappedClient(url, limits, async (client) => {
      const sql = sqlText(statement);
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.ceil(limits.timeoutMs)}`);
      const rows: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        // `rows` (rows per Execute) is a documented pg option that @types/pg does not list.
        const query = new Query({ text: sql, rows: BATCH_ROWS } as QueryConfig);
        query.on('row', (row: unknown) => {
          rows.push(row);
          if (rows.length > limits.maxRows) {
            // Nothing more is read: the connection goes, the server stops at its next write.
            client.connection.stream.destroy();
            reject(new ResultTooLarge(`more than ${limits.maxRows} rows`));
          }
        });
        query.on('error', reject);
        query.on('end', () => resolve());
        // pg does not always fail a suspended portal's query when the socket goes (cap, server gone).
        client.connection.stream.once('close', () => reject(new Error('the connection closed')));
        client.query(query);
      });
      await client.query('ROLLBACK');
      return rows;
    }),
};
