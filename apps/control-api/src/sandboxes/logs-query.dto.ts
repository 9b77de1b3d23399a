import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class LogsQueryDto {
  @ApiPropertyOptional({ description: 'Service name (default: the first service)', example: 'postgres' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'service must be a service name' })
  service?: string;

  @ApiPropertyOptional({ description: 'Keep the stream open and send new lines as they come', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'follow must be true or false' })
  follow?: boolean;

  @ApiPropertyOptional({ description: 'Lines from the end to start with', default: 200, maximum: 5000 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(5_000)
  tail?: number;
}
