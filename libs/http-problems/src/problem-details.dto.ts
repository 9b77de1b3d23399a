import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldError, StandardProblemDetails } from './problem-details';

/** OpenAPI description of the error body; the filter builds it, nothing instantiates this class. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'limits.memoryMb' })
  path!: string;

  @ApiProperty({ example: 'memoryMb must not be greater than 4096' })
  message!: string;
}

export class ProblemDetailsDto implements StandardProblemDetails {
  @ApiProperty({ example: 'urn:backend-lab:problem:validation-failed', description: 'about:blank or a problem type' })
  type!: string;

  @ApiProperty({ example: 'Request validation failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'Invalid request: limits.memoryMb: memoryMb must not be greater than 4096.' })
  detail!: string;

  @ApiProperty({ example: '/api/sandboxes' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Only for validation failures' })
  errors?: FieldErrorDto[];
}
