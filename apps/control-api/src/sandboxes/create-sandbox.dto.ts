import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Upper bound of any TTL or extension the API accepts; the configured maximum is checked in the service. */
export const TTL_LIMIT_MINUTES = 10_080;

export class CreateSandboxDto {
  @ApiProperty({ description: 'Name of a catalog example (GET /api/examples)', example: 'sql-vs-nosql' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'example must be the name of a catalog example (a lowercase slug)' })
  example!: string;

  @ApiPropertyOptional({
    description: 'Minutes until the sandbox is removed; the server default when omitted',
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TTL_LIMIT_MINUTES)
  ttlMinutes?: number;
}

export class ExtendSandboxDto {
  @ApiProperty({ description: 'Minutes to add (from now, if it had already run out)', minimum: 1, example: 30 })
  @IsInt()
  @Min(1)
  @Max(TTL_LIMIT_MINUTES)
  minutes!: number;
}
