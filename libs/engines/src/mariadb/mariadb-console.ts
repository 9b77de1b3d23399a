import type { FieldPacket } from 'mysql2';
import type { ConsoleQuery, ConsoleResult } from '../console';
import { EngineStatementError, EngineUnreachable, QueryTimedOut, StatementRejected } from '../errors';
import { capSocket, consoleWireCap, RowCollector, sqlConsoleResult } from '../limits';
import {
  armDeadline,
  closeMariadb,
  openMariadb,
  runSimple,
  socketOf,
  streamQuery,
  toMariadbError,
} from './mariadb-connection';
import { splitSqlStatements } from './sql-statements';

/**
 * One console statement on MariaDB, as the student's user, on a connection of its own:
 * `max_statement_time` (the server's statement timeout) is set for the session, rows are handed
 * over one by one as they arrive and the connection is dropped once maxRows / maxBytes are
 * reached (`truncated`), a single value too large for the wire cap ends the result, warnings
 * come back as notices, and EXPLAIN / ANALYZE FORMAT=JSON return the parsed plan.
 */
export async function runMariadbConsole(url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  const { limits } = query;
  const statements = splitSqlStatements(query.statement);
  if (statements.length === 0) throw new StatementRejected('the statement is empty');
  if (statements.length > 1) {
    throw new StatementRejected(
      `one statement per call: this text holds ${statements.length} (split it and send them one by one)`,
    );
  }
  const statement = statements[0]!;
  const prefix = query.explain === 'analyze' ? 'ANALYZE FORMAT=JSON ' : query.explain ? 'EXPLAIN FORMAT=JSON ' : '';
  const started = performance.now();
  const notices: string[] = [];
  const collector = new RowCollector(query.explain ? { ...limits, maxRows: 1 } : limits);
  let columns: string[] = [];
  let affected: number | undefined;
  let cut = false;
  const connection = await openMariadb(url).catch((error: unknown) => {
    const failure = toMariadbError(error, statement, limits.timeoutMs);
    throw failure instanceof EngineStatementError ? failure : new EngineUnreachable(failure.message, error);
  });
  const cap = capSocket(socketOf(connection), consoleWireCap(limits));
  const deadline = armDeadline(connection, limits.timeoutMs);
  try {
    await runSimple(connection, `SET SESSION max_statement_time = ${limits.timeoutMs / 1000}`);
    const header = await streamQuery(connection, prefix + statement, {
      fields: (fields: FieldPacket[]) => {
        columns = fields.map((field) => field.name);
      },
      row: (row) => {
        const kept = collector.add(row as unknown[]);
        cut ||= !kept;
        return kept;
      },
    });
    affected = header?.affectedRows;
    if (!cut) notices.push(...(await warnings(connection)));
  } catch (error) {
    if (cap.exceeded()) {
      collector.truncated = true;
      notices.push('a value too large to show ended the result');
    } else if (deadline.passed()) {
      throw new QueryTimedOut(limits.timeoutMs, { cause: error });
    } else {
      throw shiftPosition(
        toMariadbError(error, prefix + statement, limits.timeoutMs),
        prefix,
        query.statement,
        statement,
      );
    }
  } finally {
    deadline.clear();
    await closeMariadb(connection).catch(() => undefined);
  }
  return sqlConsoleResult(collector, {
    explain: Boolean(query.explain),
    columns,
    affected,
    started,
    notices,
    plan: (cell) => (typeof cell === 'string' ? (JSON.parse(cell) as unknown) : null),
  });
}

/** The statement's warnings (SHOW WARNINGS), as `Level Code: Message`. */
async function warnings(connection: Parameters<typeof runSimple>[0]): Promise<string[]> {
  const rows = (await runSimple(connection, 'SHOW WARNINGS LIMIT 20')) as {
    Level: string;
    Code: number;
    Message: string;
  }[];
  return rows.map((row) => `${row.Level} ${row.Code}: ${row.Message}`);
}

/** A position in `prefix + statement` as a position in the text the student sent. */
function shiftPosition(error: Error, prefix: string, sent: string, statement: string): Error {
  if (!(error instanceof EngineStatementError) || error.position === undefined || error instanceof QueryTimedOut)
    return error;
  const position = error.position - prefix.length + sent.indexOf(statement);
  return new EngineStatementError(error.message, {
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(position > 0 ? { position } : {}),
    cause: error.cause,
  });
}
