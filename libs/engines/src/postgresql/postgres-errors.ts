import { DatabaseError } from 'pg';
import { EngineStatementError, QueryTimedOut, StatementRejected } from '../errors';

/** SQLSTATE of a statement cancelled, here by statement_timeout. */
export const QUERY_CANCELED = '57014';
/** SQLSTATE of a syntax error; with the message below, several statements in one Parse. */
const SYNTAX_ERROR = '42601';

/**
 * The engine's error as the console reports it. `offset` is the length of what the driver put
 * before the student's statement (an EXPLAIN prefix), so the position points into their text.
 */
export function toStatementError(error: unknown, timeoutMs: number, offset = 0): Error {
  if (!(error instanceof DatabaseError)) return error instanceof Error ? error : new Error(String(error));
  if (error.code === QUERY_CANCELED) return new QueryTimedOut(timeoutMs, { code: error.code, cause: error });
  if (error.code === SYNTAX_ERROR && /multiple commands/.test(error.message)) {
    return new StatementRejected('one statement per call: this text holds several (split it and send them one by one)');
  }
  const position = error.position ? Number(error.position) - offset : undefined;
  return new EngineStatementError(error.message, {
    code: error.code,
    ...(position !== undefined && position > 0 ? { position } : {}),
    cause: error,
  });
}
