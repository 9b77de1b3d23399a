import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@lab/http-problems';

export class LabNotFoundException extends ProblemException {
  constructor(example: string) {
    super(HttpStatus.NOT_FOUND, `The example "${example}" of this sandbox has no lab steps.`, {
      type: problemType('lab-not-found'),
      title: 'No lab for this example',
    });
  }
}

export class StepNotFoundException extends ProblemException {
  constructor(step: string, known: string[]) {
    super(HttpStatus.NOT_FOUND, `The lab has no step "${step.slice(0, 64)}"; its steps are: ${known.join(', ')}.`, {
      type: problemType('lab-step-not-found'),
      title: 'Lab step not found',
    });
  }
}

/** Checks and statements need the sandbox's services running. */
export class SandboxNotReadyException extends ProblemException {
  constructor(id: string, state: string) {
    super(HttpStatus.CONFLICT, `The sandbox "${id}" is ${state}, not ready: wait until it is ready and try again.`, {
      type: problemType('sandbox-not-ready'),
      title: 'Sandbox not ready',
    });
  }
}

export class UnknownServiceException extends ProblemException {
  constructor(service: string, known: string[]) {
    super(
      HttpStatus.NOT_FOUND,
      `The sandbox has no service "${service}" with a database connection; its databases are: ${known.join(', ') || 'none'}.`,
      { type: problemType('service-not-found'), title: 'Service not found' },
    );
  }
}

export class ServiceNotQueryableException extends ProblemException {
  constructor(service: string, engine: string, queryable: string[]) {
    super(
      HttpStatus.BAD_REQUEST,
      `The service "${service}" (${engine}) has no database connection for the console; query one of: ${queryable.join(', ') || 'none'}.`,
      {
        type: problemType('service-not-queryable'),
        title: 'Service has no database',
        errors: [{ path: 'service', message: 'must be a service with a database connection' }],
      },
    );
  }
}

/** The console refused the statement before any engine saw it (several statements, unbalanced quotes…). */
export class StatementRejectedException extends ProblemException {
  constructor(reason: string) {
    super(HttpStatus.BAD_REQUEST, reason, {
      type: problemType('statement-rejected'),
      title: 'Statement rejected',
      errors: [{ path: 'statement', message: reason }],
    });
  }
}

/** The engine refused or failed the statement: its own message, code and character position. */
export class StatementFailedException extends ProblemException {
  constructor(message: string, details: { code?: string; position?: number; timedOut: boolean }) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, message, {
      type: problemType(details.timedOut ? 'statement-timed-out' : 'statement-failed'),
      title: details.timedOut ? 'Statement timed out' : 'Statement failed',
      extensions: {
        ...(details.code !== undefined ? { code: details.code } : {}),
        ...(details.position !== undefined ? { position: details.position } : {}),
      },
    });
  }
}
