import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const EXPLAIN_MODES = ['plan', 'analyze'] as const;
export type ExplainMode = (typeof EXPLAIN_MODES)[number];

/** Longest statement accepted; the history keeps its first HISTORY_STATEMENT_CHARS characters. */
export const MAX_STATEMENT_CHARS = 100_000;

export class ConsoleQueryDto {
  @ApiProperty({ example: 'postgres', description: 'A service of the sandbox with a database connection' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'service must be a service name of the sandbox' })
  service!: string;

  @ApiProperty({
    example: 'SELECT id, title FROM books ORDER BY id LIMIT 5',
    maxLength: MAX_STATEMENT_CHARS,
    description:
      'One statement, run as the student’s own role. SQL: one statement (several → 400); Redis: one command as redis-cli splits it (quotes included); MongoDB: a command document',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_STATEMENT_CHARS)
  statement!: string;

  @ApiPropertyOptional({
    enum: EXPLAIN_MODES,
    description:
      'Return the engine’s structured plan (`plan`) instead of rows: `plan` does not run the statement; `analyze` runs it (a DML statement changes data) and reports the actual times and rows',
  })
  @IsOptional()
  @IsIn(EXPLAIN_MODES, { message: `explain must be one of: ${EXPLAIN_MODES.join(', ')}` })
  explain?: ExplainMode;
}

export class ConsoleResultDto {
  @ApiProperty({ type: [String], example: ['id', 'title'] }) columns!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: {} },
    description: 'Rows as arrays aligned with `columns`; big numbers, binary data and dates as strings',
    example: [[1, 'Garden of the Partial Index']],
  })
  rows!: unknown[][];
  @ApiProperty({ description: 'Rows returned, or rows affected by a DML statement' }) rowCount!: number;
  @ApiProperty({ description: 'The result was cut at LAB_QUERY_MAX_ROWS rows or LAB_QUERY_MAX_BYTES bytes' })
  truncated!: boolean;
  @ApiProperty({ description: 'Time the engine took, in milliseconds' }) durationMs!: number;
  @ApiPropertyOptional({ type: [String], description: 'Notices and warnings the engine sent' }) notices?: string[];
  @ApiPropertyOptional({
    oneOf: [
      { type: 'array', items: {} },
      { type: 'object', additionalProperties: true },
    ],
    description:
      'The engine’s structured plan when `explain` was asked, as the engine gives it (PostgreSQL: the EXPLAIN (FORMAT JSON) array)',
  })
  plan?: unknown;
}

export class ConsoleHistoryEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Who ran it (the token’s user id)' }) userId!: string;
  @ApiProperty({ example: 'postgres' }) service!: string;
  @ApiProperty({ description: 'The statement (its first 2,000 characters)' }) statement!: string;
  @ApiProperty({ description: 'The engine ran it without error' }) ok!: boolean;
  @ApiPropertyOptional({ description: 'Why it failed or was refused' }) error?: string;
  @ApiPropertyOptional() rowCount?: number;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ format: 'date-time' }) ranAt!: string;
}
