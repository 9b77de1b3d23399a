import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException, problemType } from './problem-details';

/** 400 listing every invalid field; the detail names them, so one line of a log is enough. */
export class ValidationFailedException extends ProblemException {
  constructor(errors: FieldError[]) {
    const detail =
      errors.length === 0
        ? 'The request is invalid.'
        : `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`;
    super(HttpStatus.BAD_REQUEST, detail, {
      type: problemType('validation-failed'),
      title: 'Request validation failed',
      errors,
    });
  }
}

/** Unknown properties are errors (a typo must not be ignored silently); payloads become DTOs. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** class-validator nests errors per object level; flattened to `lines.0.quantity` paths. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}
