import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException, problemType } from './problem-details';

/** 400 with one entry per invalid field; the detail names them so a log line alone is useful. */
export class ValidationFailedException extends ProblemException {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, describe(errors), {
      type: problemType('validation-failed'),
      title: 'Request validation failed',
      errors,
    });
  }
}

/** The global pipe: unknown properties are errors, payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** class-validator nests errors per object level; flatten them to `a.b.0.c` paths. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function describe(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is invalid.';
  return `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`;
}
