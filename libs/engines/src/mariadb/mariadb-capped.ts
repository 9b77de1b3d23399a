import type { Connection } from 'mysql2';
import type { QueryLimits } from '../console';
import type { CappedQueries, LabStatement } from '../driver';
import { QueryTimedOut, ResultTooLarge, StatementRejected } from '../errors';
import { capSocket, describeBytes } from '../limits';
import {
  armDeadline,
  closeMariadb,
  openMariadb,
  runSimple,
  socketOf,
  streamQuery,
  toMariadbError,
} from './mariadb-connection';

/**
 * One connection with the student's credentials, bounded like PostgreSQL's checks: the server's
 * max_statement_time, a client deadline, and a byte cap on the socket. Failures caused by a limit
 * come out as ResultTooLarge / QueryTimedOut.
 */
async function withCappedConnection<T>(
  url: string,
  sql: string,
  limits: QueryLimits,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await openMariadb(url, { connectTimeout: limits.timeoutMs });
  const cap = capSocket(socketOf(connection), limits.maxBytes);
  const deadline = armDeadline(connection, limits.timeoutMs);
  try {
    await runSimple(connection, `SET SESSION max_statement_time = ${limits.timeoutMs / 1000}`);
    return await use(connection);
  } catch (error) {
    if (error instanceof ResultTooLarge) throw error;
    if (deadline.passed()) throw new QueryTimedOut(limits.timeoutMs, { cause: error });
    if (cap.exceeded()) throw new ResultTooLarge(`more than ${describeBytes(limits.maxBytes)}`);
    throw toMariadbError(error, sql, limits.timeoutMs);
  } finally {
    deadline.clear();
    await closeMariadb(connection).catch(() => undefined);
  }
}

function sqlText(statement: LabStatement): string {
  if (typeof statement !== 'string') throw new StatementRejected('a MariaDB statement is SQL text');
  return statement;
}

export const mariadbCapped: CappedQueries = {
  write: (url, statement, limits) => {
    const sql = sqlText(statement);
    return withCappedConnection(url, sql, limits, (connection) => runSimple(connection, sql));
  },

  /** A check's query in a read-only transaction, rows counted as they arrive (one more fails it). */
  read: (url, statement, limits) => {
    const sql = sqlText(statement);
    return withCappedConnection(url, sql, limits, async (connection) => {
      await runSimple(connection, 'START TRANSACTION READ ONLY');
      const rows: unknown[] = [];
      let tooMany = false;
      await streamQuery(
        connection,
        sql,
        {
          fields: () => undefined,
          row: (row) => {
            rows.push(row);
            tooMany = rows.length > limits.maxRows;
            return !tooMany;
          },
        },
        false,
      );
      if (tooMany) throw new ResultTooLarge(`more than ${limits.maxRows} rows`);
      await runSimple(connection, 'ROLLBACK');
      return rows;
    });
  },
};
