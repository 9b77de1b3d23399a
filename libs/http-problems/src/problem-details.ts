import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` of a problem that has no more meaning than its HTTP status (RFC 9457 §4.2.1). */
export const GENERIC_PROBLEM_TYPE = 'about:blank';

/** One field of a request that failed validation: `path` like `limits.memoryMb` or `services.0.image`. */
export interface FieldError {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface StandardProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  reason?: string;
}

/** The body of every error response: the standard members plus a problem type's extensions. */
export type ProblemDetails = StandardProblemDetails & Record<string, unknown>;

/** Identifier of a problem type of the control API; one place, so the scheme can change. */
export function problemType(slug: string): string {
  return `urn:backend-lab:problem:${slug}`;
}

/** The problem types of one example app: `urn:backend-lab:<app>:problem:<slug>`. */
export function problemTypeIn(app: string): (slug: string) => string {
  return (slug) => `urn:backend-lab:${app}:problem:${slug}`;
}

export interface ProblemOptions {
  /** A `problemType(…)`; `about:blank` when the status says it all. */
  type?: string;
  /** Short, stable summary of the problem type; defaults to the status phrase. */
  title?: string;
  errors?: FieldError[];
  /** Response headers, e.g. `WWW-Authenticate` on a 401. */
  headers?: Record<string, string>;
  /** A machine-readable reason (an RFC 9457 extension member), e.g. why a token was refused. */
  reason?: string;
  /** Further extension members (RFC 9457 §3.2); they never replace the standard ones. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Base of the domain errors: `detail` is shown to the client as is, so it must say what is wrong
 * and never contain a secret. Plain Nest exceptions (`new NotFoundException('…')`) work too.
 */
export class ProblemException extends HttpException {
  readonly type: string;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly reason?: string;
  readonly extensions: Record<string, unknown>;

  constructor(status: HttpStatus, detail: string, options: ProblemOptions = {}) {
    super(detail, status, { cause: options.cause });
    this.type = options.type ?? GENERIC_PROBLEM_TYPE;
    this.title = options.title ?? statusPhrase(status);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.reason = options.reason;
    this.extensions = options.extensions ?? {};
  }
}

export function statusPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** What the filter sends, plus whether the error was a bug (logged with its stack). */
export interface RenderedProblem {
  problem: ProblemDetails;
  headers: Record<string, string>;
  unexpected: boolean;
}

export const UNEXPECTED_DETAIL =
  'An unexpected error occurred; the server log has the details. Quote the X-Request-Id response header, if there is one, when you report it.';

/** Maps anything thrown to a problem; an unknown error never reveals its message or stack. */
export function renderProblem(exception: unknown, instance: string): RenderedProblem {
  if (exception instanceof ProblemException) {
    const status = exception.getStatus();
    const problem: ProblemDetails = {
      ...exception.extensions,
      type: exception.type,
      title: exception.title,
      status,
      detail: exception.message,
      instance,
    };
    if (exception.errors) problem.errors = exception.errors;
    if (exception.reason) problem.reason = exception.reason;
    return { problem, headers: exception.headers, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const title = statusPhrase(status);
    return {
      problem: { type: GENERIC_PROBLEM_TYPE, title, status, detail: detailOf(exception) ?? title, instance },
      headers: {},
      unexpected: false,
    };
  }
  const client = clientError(exception);
  if (client) {
    const title = statusPhrase(client.status);
    return {
      problem: { type: GENERIC_PROBLEM_TYPE, title, status: client.status, detail: client.message || title, instance },
      headers: {},
      unexpected: false,
    };
  }
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    problem: { type: GENERIC_PROBLEM_TYPE, title: statusPhrase(status), status, detail: UNEXPECTED_DETAIL, instance },
    headers: {},
    unexpected: true,
  };
}

/** Nest exceptions carry either a string or `{ message: string | string[] }`. */
function detailOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response || undefined;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return exception.message || undefined;
}

/**
 * Errors of Express middleware (http-errors, e.g. body-parser's 413 for a body over its limit)
 * carry a 4xx `status` and `expose: true` when their message is meant for the client.
 */
function clientError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, message: exception.message };
}
