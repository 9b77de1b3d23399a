import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class ComparisonNotFoundException extends ProblemException {
  constructor(id: string) {
    super(HttpStatus.NOT_FOUND, `There is no comparison "${id}" that you can see.`, {
      type: problemType('comparison-not-found'),
      title: 'Comparison not found',
    });
  }
}

export class InvalidComparisonException extends ProblemException {
  constructor(detail: string, problems: { path: string; message: string }[] = []) {
    super(HttpStatus.BAD_REQUEST, detail, {
      type: problemType('invalid-comparison'),
      title: 'Invalid comparison',
      ...(problems.length > 0 ? { errors: problems } : {}),
    });
  }
}

export class ComparisonSandboxNotReadyException extends ProblemException {
  constructor(sandboxId: string, state: string) {
    super(HttpStatus.CONFLICT, `Sandbox "${sandboxId}" is ${state}; a comparison needs it ready.`, {
      type: problemType('sandbox-not-ready'),
      title: 'Sandbox not ready',
    });
  }
}

export class ComparisonBusyException extends ProblemException {
  constructor(detail: string, retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, detail, {
      type: problemType('comparisons-busy'),
      title: 'Too many comparisons running',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class ComparisonNotFinishedException extends ProblemException {
  constructor(id: string, state: string) {
    super(HttpStatus.CONFLICT, `Comparison "${id}" is ${state}: a report exists once it succeeded.`, {
      type: problemType('comparison-not-finished'),
      title: 'No report yet',
    });
  }
}
