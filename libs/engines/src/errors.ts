/**
 * We refuse the statement before (or instead of) the engine running it: several statements,
 * unbalanced quotes, a bad command document, a form we do not run. The caller answers 400.
 */
export class StatementRejected extends Error {
  override readonly name: string = 'StatementRejected';
}

/**
 * The engine refused or failed the statement (syntax, a missing table, a permission, a timeout).
 * The caller answers 422 with the engine's own message, its code (e.g. a SQLSTATE) and the
 * 1-based character position in the statement when the engine gives one.
 */
export class EngineStatementError extends Error {
  override readonly name: string = 'EngineStatementError';
  readonly code?: string;
  readonly position?: number;

  constructor(message: string, details: { code?: string; position?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.code !== undefined) this.code = details.code;
    if (details.position !== undefined) this.position = details.position;
  }
}

/** The statement ran past its timeout: cancelled by the engine, or given up by the client. */
export class QueryTimedOut extends EngineStatementError {
  override readonly name: string = 'QueryTimedOut';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, details: { code?: string; cause?: unknown } = {}) {
    super(`the statement ran longer than its timeout of ${timeoutMs / 1000} s and was cancelled`, details);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A capped (lab check) query's answer passed its limits: it fails without being read to the end.
 * Unlike the console, which shows what fits and says `truncated`, a check must see everything.
 */
export class ResultTooLarge extends Error {
  override readonly name: string = 'ResultTooLarge';
  constructor(readonly what: string) {
    super(`result too large: ${what}`);
  }
}

/**
 * The engine could not be reached or refused the connection (down, still starting, busy).
 * A kind of EngineStatementError (code `ENGINE_UNREACHABLE`), so a caller that only knows the
 * console contract reports it as the engine's failure, never as a crash.
 */
export class EngineUnreachable extends EngineStatementError {
  override readonly name: string = 'EngineUnreachable';
  constructor(reason: string, cause?: unknown) {
    super(`could not connect to the database: ${reason}`, { code: 'ENGINE_UNREACHABLE', cause });
  }
}
