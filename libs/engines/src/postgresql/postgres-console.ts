import { Client, DatabaseError, type FieldDef } from 'pg';
import Cursor from 'pg-cursor';
import type { ConsoleQuery, ConsoleResult } from '../console';
import { EngineUnreachable, QueryTimedOut, StatementRejected } from '../errors';
import {
  capSocket,
  CLIENT_GRACE_MS,
  CONNECT_TIMEOUT_MS,
  consoleWireCap,
  RowCollector,
  sqlConsoleResult,
} from '../limits';
import { toStatementError } from './postgres-errors';

/** Rows asked of the server per Execute: a batch of wide rows stays small next to the byte limit. */
const BATCH_ROWS = 100;

/** A COPY that streams through the client (after comments): the console has no stream to give it. */
const CLIENT_COPY = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*copy\b[\s\S]*\b(?:stdin|stdout)\b/i;

/**
 * pg-cursor has no COPY handlers, and pg calls them unguarded: a COPY reaching the cursor would
 * throw inside the socket's data handler and take the whole process down. The statements are
 * refused before (CLIENT_COPY); this is the net under that check.
 */
class ConsoleCursor extends Cursor<unknown[]> {
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('the console cannot send data to COPY … FROM STDIN');
  }

  handleCopyData(): void {
    // COPY … TO STDOUT: the data is dropped; the wire cap ends a large one.
  }
}

/**
 * One console statement on PostgreSQL, as the student's role, on a connection of its own:
 *
 * - the limits are the server's: `statement_timeout` is a startup parameter of the session;
 * - the statement goes through the extended protocol (pg-cursor: Parse, Bind, then Execute for
 *   a batch at a time), which refuses several statements in one text (42601) and lets the server
 *   produce rows only as they are asked for: a result of ten million rows costs one batch;
 * - reading stops at maxRows / maxBytes, the portal is closed, and the result says `truncated`;
 * - one value so large that pg would buffer it whole is cut off on the socket (capSocket): the
 *   rows read until then come back, truncated.
 */
export async function runPostgresConsole(url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  const { limits } = query;
  if (!query.statement.trim()) throw new StatementRejected('the statement is empty');
  if (CLIENT_COPY.test(query.statement)) {
    throw new StatementRejected(
      'COPY … FROM STDIN / TO STDOUT streams through a client: use psql with your connection URL',
    );
  }
  const prefix = query.explain ? `EXPLAIN (FORMAT JSON${query.explain === 'analyze' ? ', ANALYZE' : ''}) ` : '';
  const started = performance.now();
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: limits.timeoutMs,
    application_name: 'backend-lab console',
  });
  const notices: string[] = [];
  client.on('notice', (notice) => notices.push(notice.message ?? String(notice)));
  client.on('error', () => undefined); // a socket we destroyed below; the read's rejection reports it
  const cap = capSocket(client.connection.stream, consoleWireCap(limits));
  let deadlinePassed = false;
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    client.connection.stream.destroy();
  }, limits.timeoutMs + CLIENT_GRACE_MS);
  const collector = new RowCollector(query.explain ? { ...limits, maxRows: 1 } : limits);
  let fields: FieldDef[] = [];
  let affected: number | null = null;
  try {
    await client.connect().catch((error: unknown) => {
      // A refused login is the engine's answer (28P01); anything else means we never got there.
      if (error instanceof DatabaseError) throw error;
      throw new EngineUnreachable(error instanceof Error ? error.message : String(error), error);
    });
    const cursor = client.query(new ConsoleCursor(prefix + query.statement, undefined, { rowMode: 'array' }));
    try {
      for (;;) {
        const wanted = Math.min(BATCH_ROWS, limits.maxRows - collector.rows.length + 1);
        const batch = await readBatch(cursor, wanted, client);
        // Once the portal is done, a read answers [] without a result: keep what the last one said.
        fields = batch.result?.fields ?? fields;
        affected = batch.result?.rowCount ?? affected;
        if (!batch.rows.every((row) => collector.add(row))) break;
        if (batch.rows.length < wanted) break; // the portal ran to its end
      }
    } finally {
      if (!client.connection.stream.destroyed) await cursor.close().catch(() => undefined);
    }
  } catch (error) {
    if (cap.exceeded()) {
      collector.truncated = true;
      notices.push('a value too large to show ended the result');
    } else if (error instanceof EngineUnreachable) {
      throw error;
    } else if (deadlinePassed) {
      throw new QueryTimedOut(limits.timeoutMs, { cause: error });
    } else {
      throw toStatementError(error, limits.timeoutMs, prefix.length);
    }
  } finally {
    clearTimeout(deadline);
    if (!client.connection.stream.destroyed) await client.end().catch(() => undefined);
  }
  return sqlConsoleResult(collector, {
    explain: Boolean(query.explain),
    columns: fields.map((field) => field.name),
    affected,
    started,
    notices,
    // EXPLAIN (FORMAT JSON) comes back already parsed by pg.
    plan: (cell) => cell,
  });
}

interface Batch {
  rows: unknown[][];
  result?: { fields: FieldDef[]; rowCount: number | null };
}

/**
 * One Execute of the cursor. pg does not always fail a suspended portal's read when the socket
 * goes (our caps, a server gone), so a closed socket rejects it too.
 */
function readBatch(cursor: Cursor, rows: number, client: Client): Promise<Batch> {
  return new Promise<Batch>((resolve, reject) => {
    const stream = client.connection.stream;
    const closed = () => reject(new Error('the connection closed'));
    if (stream.destroyed) return closed();
    stream.once('close', closed);
    cursor.read(rows, (error, batch, result) => {
      stream.removeListener('close', closed);
      if (error) return reject(error);
      resolve({ rows: batch as unknown[][], ...(result ? { result } : {}) });
    });
  });
}
