import { ApiResponseSchemaHost, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { ProblemDetailsDto } from './problem-details.dto';

/** An OpenAPI response whose body is a problem document (`application/problem+json`). */
export function problemResponse(description: string): Omit<ApiResponseSchemaHost, 'schema' | 'status'> {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  };
}
