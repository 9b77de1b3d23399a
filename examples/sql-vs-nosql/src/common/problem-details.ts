import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field of a request: `path` like `lines.0.quantity`. */
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
}

/** Problem types of this example; `about:blank` when the status says it all (RFC 9457 §4.2.1). */
export function problemType(slug: string): string {
  return `urn:backend-lab:sql-vs-nosql:${slug}`;
}

/** A deliberate error answer: `detail` is shown as is, so it must explain and never hold a secret. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    readonly problem: { type?: string; title?: string; errors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(detail, status, { cause: problem.cause });
  }
}

export const UNEXPECTED_DETAIL = 'An unexpected error occurred; the app log has the details.';

/** Anything thrown → a problem document; unknown errors never reveal their message. */
export function renderProblem(exception: unknown, instance: string): { problem: ProblemDetails; unexpected: boolean } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const title = STATUS_CODES[status] ?? 'Error';
    const own = exception instanceof ProblemException ? exception.problem : {};
    const problem: ProblemDetails = {
      type: own.type ?? 'about:blank',
      title: own.title ?? title,
      status,
      detail: detailOf(exception) ?? title,
      instance,
    };
    if (own.errors) problem.errors = own.errors;
    return { problem, unexpected: false };
  }
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    problem: { type: 'about:blank', title: STATUS_CODES[status]!, status, detail: UNEXPECTED_DETAIL, instance },
    unexpected: true,
  };
}

/** Nest exceptions carry a string or `{ message: string | string[] }`. */
function detailOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response || undefined;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return exception.message || undefined;
}
