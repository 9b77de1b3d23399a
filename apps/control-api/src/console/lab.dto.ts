import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LabStepDto {
  @ApiProperty({ example: 'cache-aside' }) id!: string;
  @ApiProperty({ example: 'Cache-aside: read, miss, fill' }) title!: string;
  @ApiProperty({ description: 'What to do, in Markdown' }) instructions!: string;
  @ApiProperty({ description: 'Whether the lab can check this step (POST …/lab/steps/:step/check)' })
  hasCheck!: boolean;
  @ApiProperty({ description: 'The latest check of this step in this sandbox passed' }) passed!: boolean;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it was last checked (by the student, or by the workshop’s evaluation); absent: never',
  })
  checkedAt?: string;
  @ApiPropertyOptional({ description: 'What the latest check by the student saw' }) detail?: string;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'The documented solution, as the lab’s actions ({http}, {sql} or {redis}, in order). Only when solutions are visible to the caller',
  })
  solution?: Record<string, unknown>[];
}

export class LabDto {
  @ApiProperty({ example: 'sb-3f9c2a1b7d4e6f80' }) sandboxId!: string;
  @ApiProperty({ example: 'caching' }) example!: string;
  @ApiProperty({
    description:
      'Solutions are included: always for admins and leaders, for a student when the leader of their workshop shows them',
  })
  solutionsVisible!: boolean;
  @ApiProperty({ description: 'Steps whose latest check passed' }) passed!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [LabStepDto] }) steps!: LabStepDto[];
}

export class LabCheckResultDto {
  @ApiProperty({ example: 'cache-aside' }) step!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: 'What the check saw: why it passed or not' }) detail!: string;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
}
