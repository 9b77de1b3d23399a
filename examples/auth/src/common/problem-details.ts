import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  /** Extension member: why a token or a CSRF check was refused (never a secret). */
  reason?: string;
}

export function problemType(slug: string): string {
  return `urn:backend-lab:auth:problem:${slug}`;
}

export interface ProblemOptions {
  type?: string;
  title?: string;
  errors?: FieldError[];
  reason?: string;
  headers?: Record<string, string>;
}

/** A domain error with its problem document; `detail` is shown as is, so it never holds a secret. */
export class ProblemException extends HttpException {
  readonly type: string;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly reason?: string;
  readonly headers: Record<string, string>;

  constructor(status: HttpStatus, detail: string, options: ProblemOptions = {}) {
    super(detail, status);
    this.type = options.type ?? 'about:blank';
    this.title = options.title ?? statusPhrase(status);
    this.errors = options.errors;
    this.reason = options.reason;
    this.headers = options.headers ?? {};
  }
}

export function statusPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export const UNEXPECTED_DETAIL = 'An unexpected error occurred.';

/** Maps anything thrown to a problem; an unknown error never reveals its message. */
export function renderProblem(
  exception: unknown,
  instance: string,
): { problem: ProblemDetails; headers: Record<string, string>; unexpected: boolean } {
  if (exception instanceof ProblemException) {
    const problem: ProblemDetails = {
      type: exception.type,
      title: exception.title,
      status: exception.getStatus(),
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
      problem: { type: 'about:blank', title, status, detail: detailOf(exception) ?? title, instance },
      headers: {},
      unexpected: false,
    };
  }
  const client = clientError(exception);
  if (client) {
    const title = statusPhrase(client.status);
    return {
      problem: { type: 'about:blank', title, status: client.status, detail: client.message || title, instance },
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

/**
 * Errors of Express middleware (http-errors, e.g. body-parser's 413 for a body over 100 kB) carry
 * a 4xx `status` and `expose: true` when their message is meant for the client.
 */
export function clientError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  return { status, message: exception.message };
}

function detailOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response || undefined;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return exception.message || undefined;
}
