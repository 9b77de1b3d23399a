import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'lines.0.quantity' }) path!: string;
  @ApiProperty({ example: 'quantity must not be less than 1' }) message!: string;
}

/** OpenAPI description of every error body (RFC 9457); the filter builds it. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:backend-lab:sql-vs-nosql:insufficient-stock' }) type!: string;
  @ApiProperty({ example: 'Not enough stock' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'not enough stock for book 21 (requested 2): nothing was written.' }) detail!: string;
  @ApiProperty({ example: '/sql/orders' }) instance!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } };
}
