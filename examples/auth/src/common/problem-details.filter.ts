import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, renderProblem } from './problem-details';

/** The one place errors become responses: RFC 9457 problem+json, unexpected ones logged. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const instance = (request.originalUrl ?? request.url).split('?')[0] ?? '/';
    const { problem, headers, unexpected } = renderProblem(exception, instance);
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${request.method} ${instance} failed: ${error.message}`, error.stack);
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}
