import type { components } from './schema';

/** An RFC 9457 problem as the control API renders every error (`application/problem+json`). */
export type Problem = components['schemas']['ProblemDetailsDto'];

/** A non-2xx answer: its status, and the problem the API sent (absent when the body was not one). */
export class LabApiError extends Error {
  constructor(
    /** The path and query that was asked for. */
    readonly path: string,
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly body: unknown,
  ) {
    super(`${path} answered ${status}: ${describe(problem, body)}`);
    this.name = 'LabApiError';
  }
}

/** Whether a parsed body is a problem document (has at least a numeric status and a title). */
export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { status?: unknown }).status === 'number' &&
    typeof (body as { title?: unknown }).title === 'string'
  );
}

/** What one openapi-fetch call settles to. */
interface Outcome<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The data of a 2xx answer; any other status is thrown as a LabApiError carrying the status and the
 * problem: `const sandbox = await expectData(lab.GET('/api/sandboxes/{id}', …))`.
 */
export async function expectData<D>(call: Promise<Outcome<D>> | Outcome<D>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw toLabApiError(response, error);
  return data as D;
}

/** Like expectData, for answers without a body (204) or whose body the caller does not need. */
export async function expectOk(call: Promise<Outcome<unknown>> | Outcome<unknown>): Promise<Response> {
  const { error, response } = await call;
  if (!response.ok) throw toLabApiError(response, error);
  return response;
}

/** The error of a failed call: openapi-fetch hands over the parsed body (or its text) as `error`. */
export function toLabApiError(response: Response, body: unknown): LabApiError {
  const url = response.url ? new URL(response.url) : undefined;
  return new LabApiError(
    url ? `${url.pathname}${url.search}` : '(unknown path)',
    response.status,
    isProblem(body) ? body : undefined,
    body,
  );
}

function describe(problem: Problem | undefined, body: unknown): string {
  if (problem) return [problem.title, problem.detail].filter(Boolean).join(': ');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (text ?? '').slice(0, 500);
}
