import { LabApiError } from '@lab/api-client';
import { describeError } from '../../../components/ErrorView';

export interface ConsoleError {
  title: string;
  detail: string;
  /** The engine's error code (SQLSTATE, MariaDB errno, Redis/MongoDB code name). */
  code?: string;
  /** 1-based character position in the statement, when the engine gave one. */
  position?: number;
  /** What to do about it, in a sentence. */
  hint?: string;
}

const HINTS: Record<number, string> = {
  400: 'The console takes one statement at a time: fix or split it and run again.',
  409: 'The sandbox is not ready (provisioning or resetting): wait for the “ready” badge and run again.',
  429: 'Too many statements this minute: wait a little and run again.',
  503: 'The database did not answer. Run again in a moment; if it keeps failing, reset the sandbox.',
};

/** A failed console call as the page explains it: the engine's own words, code and position. */
export function describeConsoleError(error: unknown): ConsoleError {
  const { title, detail } = describeError(error);
  if (!(error instanceof LabApiError)) return { title, detail };
  const body = (typeof error.body === 'object' && error.body !== null ? error.body : {}) as Record<string, unknown>;
  const code = typeof body['code'] === 'string' || typeof body['code'] === 'number' ? String(body['code']) : undefined;
  const position = typeof body['position'] === 'number' && body['position'] > 0 ? body['position'] : undefined;
  const hint = HINTS[error.status];
  return {
    title,
    detail,
    ...(code !== undefined ? { code } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(hint !== undefined ? { hint } : {}),
  };
}

/** Line and column (both 1-based) of a 1-based character position, for the message under the editor. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(position - 1, 0)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
