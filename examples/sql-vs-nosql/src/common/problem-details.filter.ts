import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problemFromStoreError } from './store-errors';
import { PROBLEM_CONTENT_TYPE, renderProblem } from './problem-details';

/**
 * The one place errors become responses. Errors of the stores (stock, constraints, missing rows)
 * are translated first, so a student's bad input is a 4xx with a reason, never a 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const instance = (request.originalUrl ?? request.url).split('?')[0] ?? '/';
    const { problem, unexpected } = renderProblem(problemFromStoreError(exception) ?? exception, instance);
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${request.method} ${instance} failed: ${error.message}`, error.stack);
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }
}
