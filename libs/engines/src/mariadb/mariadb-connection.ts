import { createConnection, type Connection, type ConnectionOptions, type FieldPacket, type QueryError } from 'mysql2';
import type { Duplex } from 'node:stream';
import { EngineStatementError, QueryTimedOut } from '../errors';
import { CLIENT_GRACE_MS, CONNECT_TIMEOUT_MS } from '../limits';

/** MariaDB's errno for a statement stopped by max_statement_time. */
const STATEMENT_TIMEOUT = 1969;

/**
 * A short-lived connection with the student's URL: one statement per query (multipleStatements
 * off), values JSON can carry (DECIMAL and BIGINT as strings, dates as the server writes them).
 */
export async function openMariadb(url: string, options: ConnectionOptions = {}): Promise<Connection> {
  const connection = createConnection({
    uri: url,
    connectTimeout: CONNECT_TIMEOUT_MS,
    multipleStatements: false,
    // A student's LOAD DATA LOCAL INFILE must never read a file of the machine running this.
    flags: ['-LOCAL_FILES'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    ...options,
  });
  connection.on('error', () => undefined); // a socket we destroyed; the query's rejection reports it
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  return connection;
}

export function socketOf(connection: Connection): Duplex {
  return (connection as unknown as { stream: Duplex }).stream;
}

/**
 * The client's deadline on a connection: a grace past the server's max_statement_time, it destroys
 * the socket, so a server that does not answer at all cannot hold the caller. `passed` tells a
 * failure it caused from others; `clear` it in `finally`.
 */
export function armDeadline(connection: Connection, timeoutMs: number): { passed: () => boolean; clear: () => void } {
  let passed = false;
  const timer = setTimeout(() => {
    passed = true;
    socketOf(connection).destroy();
  }, timeoutMs + CLIENT_GRACE_MS);
  return { passed: () => passed, clear: () => clearTimeout(timer) };
}

/** Closes politely when the connection is still usable, else drops it. */
export async function closeMariadb(connection: Connection): Promise<void> {
  if (socketOf(connection).destroyed) return;
  await new Promise<void>((resolve) => connection.end(() => resolve()));
  connection.destroy();
}

export function runSimple(connection: Connection, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    connection.query(sql, (error: QueryError | null, result: unknown) => (error ? reject(error) : resolve(result))),
  );
}

export interface StreamHandlers {
  fields(fields: FieldPacket[]): void;
  /** Answers false to stop reading (the caller then drops the connection). */
  row(row: unknown): boolean;
}

/**
 * Runs one statement and hands its rows over one by one as they are parsed. Stopping destroys the
 * socket: MariaDB's text protocol cannot pause a result, and a closed socket makes the server
 * stop at its next write. Resolves with the statement's OK packet for DML, nothing for a result set.
 */
export function streamQuery(
  connection: Connection,
  sql: string,
  handlers: StreamHandlers,
  rowsAsArray = true,
): Promise<{ affectedRows?: number; warningStatus?: number } | undefined> {
  return new Promise((resolve, reject) => {
    let stopped = false;
    let sawFields = false;
    let header: { affectedRows?: number; warningStatus?: number } | undefined;
    const query = connection.query({ sql, rowsAsArray });
    // mysql2 emits 'fields' with nothing for a statement without a result set (DDL, DML).
    query.on('fields', (fields: FieldPacket[] | undefined) => {
      if (!fields) return;
      sawFields = true;
      handlers.fields(fields);
    });
    // A socket closed under the query (our caps, the server gone) does not always end it.
    const closed = () => {
      if (!stopped) reject(new Error('the connection closed'));
    };
    socketOf(connection).once('close', closed);
    query.on('result', (result: unknown) => {
      if (stopped) return;
      if (!sawFields) {
        header = result as typeof header;
        return;
      }
      if (!handlers.row(result)) {
        stopped = true;
        socketOf(connection).destroy();
        resolve(undefined);
      }
    });
    query.on('error', (error: Error) => {
      socketOf(connection).removeListener('close', closed);
      if (!stopped) reject(error);
    });
    query.on('end', () => {
      socketOf(connection).removeListener('close', closed);
      if (!stopped) resolve(header);
    });
  });
}

/** The console's error for what mysql2 reports: code, the server's message, a position where it says "near". */
export function toMariadbError(error: unknown, statement: string, timeoutMs: number): Error {
  const failure = error as Partial<QueryError> & { sqlMessage?: string } & Error;
  if (failure.errno === STATEMENT_TIMEOUT) return new QueryTimedOut(timeoutMs, { code: failure.code, cause: error });
  if (!failure.sqlMessage) return error instanceof Error ? error : new Error(String(error));
  const position = nearPosition(failure.sqlMessage, statement);
  return new EngineStatementError(failure.sqlMessage, {
    code: failure.code,
    ...(position ? { position } : {}),
    cause: error,
  });
}

/** MariaDB's syntax errors quote the text "near '…' at line N": its 1-based offset in the statement. */
function nearPosition(message: string, statement: string): number | undefined {
  const match = /near '([\s\S]*)' at line (\d+)$/.exec(message);
  if (!match) return undefined;
  const [, near = '', lineText] = match;
  if (!near) return statement.trimEnd().length + 1; // "near ''": the statement ended too early
  const lines = statement.split('\n');
  const line = Number(lineText) - 1;
  const before = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
  const at = (lines[line] ?? '').indexOf(near.split('\n')[0]!.slice(0, 40));
  return at === -1 ? undefined : before + at + 1;
}
