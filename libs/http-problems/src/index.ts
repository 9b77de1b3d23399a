// RFC 9457 problem details for every HTTP app of the lab (the control API and the example apps):
// domain errors, the one exception filter, the validation pipe and their OpenAPI schema.
export * from './problem-details';
export { ProblemDetailsFilter } from './problem-details.filter';
export { createValidationPipe, flattenValidationErrors, ValidationFailedException } from './validation';
export { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto';
export { problemResponse } from './problem-responses';
