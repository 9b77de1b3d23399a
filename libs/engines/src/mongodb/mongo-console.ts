import { BSON, MongoClient, MongoServerError, MongoServerSelectionError, type Db, type Document } from 'mongodb';
import type { ConsoleQuery, ConsoleResult, QueryLimits } from '../console';
import { EngineStatementError, EngineUnreachable, QueryTimedOut } from '../errors';
import { CLIENT_GRACE_MS, CONNECT_TIMEOUT_MS, RowCollector } from '../limits';
import { parseMongoStatement } from './mongo-statement';

/** Server error codes of an operation stopped by maxTimeMS. */
const MAX_TIME_EXPIRED = new Set([50, 262]);

/** A short-lived client for one statement (the URL names the student's database). */
export async function withMongo<T>(url: string, use: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    maxPoolSize: 1,
  });
  try {
    await client.connect();
    return await use(client.db());
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * The server stops the command at `maxTimeMS` (and at most maxRows + 1 documents come back in
 * the first batch of a cursor, which is then killed); the client aborts past a grace period.
 */
function bounded(command: Document, limits: QueryLimits): Document {
  const capped: Document = { ...command };
  const name = Object.keys(command)[0];
  const batch = limits.maxRows + 1;
  if (name === 'find') {
    capped.batchSize = Math.min(Number(command.batchSize ?? batch), batch);
    capped.singleBatch = true;
  }
  if (name === 'aggregate') {
    const cursor = (command.cursor ?? {}) as Document;
    capped.cursor = { ...cursor, batchSize: Math.min(Number(cursor.batchSize ?? batch), batch) };
  }
  capped.maxTimeMS = Math.min(Number(command.maxTimeMS ?? limits.timeoutMs), limits.timeoutMs);
  return capped;
}

/** Relaxed Extended JSON: what JSON carries (`{"$oid": …}` for ids, `{"$date": …}` for dates). */
function plain(value: unknown): unknown {
  return BSON.EJSON.serialize(value, { relaxed: true });
}

/**
 * One console statement on MongoDB (see parseMongoStatement for the forms), as the student's
 * user. Cursor replies become one row per document, with the documents' top-level fields as
 * columns (a field a document lacks is null); other replies are one row of their fields. Explain
 * runs the `explain` command: `queryPlanner` for a plan, `executionStats` when analyzed.
 */
export async function runMongoConsole(url: string, query: ConsoleQuery): Promise<ConsoleResult> {
  const { limits } = query;
  const parsed = parseMongoStatement(query.statement);
  const started = performance.now();
  const signal = AbortSignal.timeout(limits.timeoutMs + CLIENT_GRACE_MS);
  try {
    return await withMongo(url, async (db) => {
      if (query.explain) {
        const plan = await db.command(
          {
            explain: parsed.command,
            verbosity: query.explain === 'analyze' ? 'executionStats' : 'queryPlanner',
            maxTimeMS: limits.timeoutMs,
          },
          { signal },
        );
        return {
          columns: [],
          rows: [],
          rowCount: 0,
          truncated: false,
          durationMs: Math.round(performance.now() - started),
          plan: plain(plan),
        };
      }
      const reply = await db.command(bounded(parsed.command, limits), { signal });
      const collector = new RowCollector(limits);
      let columns: string[];
      let rowCount: number;
      const cursor = reply.cursor as { firstBatch?: Document[]; id?: unknown; ns?: string } | undefined;
      if (cursor?.firstBatch) {
        await killCursor(db, cursor);
        const documents = cursor.firstBatch.map((document) => plain(document) as Document);
        columns = [...new Set(documents.flatMap((document) => Object.keys(document)))];
        for (const document of documents) if (!collector.add(columns.map((column) => document[column] ?? null))) break;
        rowCount = collector.rows.length;
      } else {
        const { ok: _ok, ...fields } = plain(reply) as Document;
        columns = Object.keys(fields);
        collector.add(columns.map((column) => fields[column]));
        rowCount = parsed.writes && typeof reply.n === 'number' ? reply.n : collector.rows.length;
      }
      return {
        columns,
        rows: collector.rows,
        rowCount,
        truncated: collector.truncated,
        durationMs: Math.round(performance.now() - started),
      };
    });
  } catch (error) {
    throw toMongoError(error, limits.timeoutMs, signal.aborted);
  }
}

/** A cursor the server kept open (more than the first batch): closed, its rest is not read. */
async function killCursor(db: Db, cursor: { id?: unknown; ns?: string }): Promise<void> {
  const id = cursor.id;
  const open = id !== undefined && id !== null && String(id) !== '0';
  if (!open || !cursor.ns) return;
  const collection = cursor.ns.slice(cursor.ns.indexOf('.') + 1);
  await db.command({ killCursors: collection, cursors: [id] }).catch(() => undefined);
}

function toMongoError(error: unknown, timeoutMs: number, aborted: boolean): Error {
  if (error instanceof MongoServerError) {
    const code = error.codeName ?? (error.code === undefined ? undefined : String(error.code));
    if (MAX_TIME_EXPIRED.has(Number(error.code))) return new QueryTimedOut(timeoutMs, { code, cause: error });
    return new EngineStatementError(error.errmsg ?? error.message, { ...(code ? { code } : {}), cause: error });
  }
  if (aborted) return new QueryTimedOut(timeoutMs, { cause: error });
  if (error instanceof MongoServerSelectionError) return new EngineUnreachable(error.message, error);
  return error instanceof Error ? error : new Error(String(error));
}
