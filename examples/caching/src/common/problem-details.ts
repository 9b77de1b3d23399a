import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/**
 * RFC 9457 problem details, as in the control API (a trimmed copy: an example app is shipped on
 * its own and may not import from apps/).
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  /** Extension member (RFC 9457 §3.2): how the cache served a read that ended in this problem. */
  cache?: unknown;
}

export function problemType(slug: string): string {
  return `urn:backend-lab:caching:problem:${slug}`;
}

export interface ProblemOptions {
  type?: string;
  title?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extensions?: Pick<ProblemDetails, 'cache'>;
}

/** A domain error whose `detail` is shown to the client as is. */
export class ProblemException extends HttpException {
  readonly type: string;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Pick<ProblemDetails, 'cache'>;

  constructor(status: HttpStatus, detail: string, options: ProblemOptions = {}) {
    super(detail, status);
    this.type = options.type ?? 'about:blank';
    this.title = options.title ?? statusPhrase(status);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export function statusPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export const UNEXPECTED_DETAIL = 'An unexpected error occurred; the app log has the details.';

export interface RenderedProblem {
  problem: ProblemDetails;
  headers: Record<string, string>;
  unexpected: boolean;
}

/** Maps anything thrown to a problem; an unknown error never reveals its message (it may hold a URL with a password). */
export function renderProblem(exception: unknown, instance: string): RenderedProblem {
  if (exception instanceof ProblemException) {
    const problem: ProblemDetails = {
      type: exception.type,
      title: exception.title,
      status: exception.getStatus(),
      detail: exception.message,
      instance,
      ...exception.extensions,
    };
    if (exception.errors) problem.errors = exception.errors;
    return { problem, headers: exception.headers, unexpected: false };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const title = statusPhrase(status);
    return {
      problem: { type: 'about:blank', title, status, detail: detailOf(exception) ?? title, instance },
      headers: {},
      unexpected: false,
    };
  }
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    problem: { type: 'about:blank', title: statusPhrase(status), status, detail: UNEXPECTED_DETAIL, instance },
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
