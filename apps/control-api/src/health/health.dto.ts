import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DockerHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Why the engine is considered down' })
  detail?: string;
}

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ enum: ['sqlite', 'postgres'] })
  kind!: string;

  @ApiPropertyOptional({ description: 'Why the database is considered down' })
  detail?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ type: DockerHealthDto })
  docker!: DockerHealthDto;

  @ApiProperty({ type: DatabaseHealthDto })
  database!: DatabaseHealthDto;
}
