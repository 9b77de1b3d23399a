import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, renderProblem } from './problem-details';

/**
 * The one place errors become responses: RFC 9457 problem+json, unexpected ones logged. An app may
 * translate its own errors first (e.g. a database's constraint violation into a 409 problem).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly translate: (exception: unknown) => unknown = (exception) => exception) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Pick<Request, 'method' | 'url'>>();
    const response = http.getResponse<Response | FastifyReply>();
    // The path only: a query string may carry something that is nobody else's business.
    const instance = ((request as Partial<Request>).originalUrl ?? request.url).split('?')[0] ?? '/';
    const { problem, headers, unexpected } = renderProblem(this.translate(exception), instance);

    // The request's id, where the server gives one (the control API): the line is found by the
    // X-Request-Id the client saw, whether or not log lines are bound to their request.
    const id = (request as { id?: unknown }).id;
    const which = `${request.method} ${instance}${typeof id === 'string' ? ` (request ${id})` : ''}`;
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${which} failed: ${error.message}`, error.stack);
    } else if (problem.status >= 500) {
      this.logger.warn(`${which} answered ${problem.status}: ${problem.detail}`);
    }

    const raw = isFastifyReply(response) ? response.raw : response;
    if (raw.headersSent) {
      // Too late for a problem document: cut the response so the client sees a failure.
      raw.destroy();
      return;
    }
    if (isFastifyReply(response)) {
      // Hijacked (the app proxy writes on the Node response itself) and nothing written yet.
      if (response.sent) {
        raw
          .writeHead(problem.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
          .end(JSON.stringify(problem));
        return;
      }
      void response.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      return;
    }
    response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}

/** Nest on Fastify hands filters a FastifyReply (the Node response is its `raw`), on Express the response itself. */
function isFastifyReply(response: Response | FastifyReply): response is FastifyReply {
  return 'raw' in response && 'sent' in response;
}
