import { ApiProperty } from '@nestjs/swagger';

export class RestoredStoreDto {
  @ApiProperty({ enum: ['postgres', 'redis'] })
  store!: 'postgres' | 'redis';

  @ApiProperty({ example: 180, description: 'How long restoring this store took' })
  ms!: number;
}

export class ResetDto {
  @ApiProperty({ type: [RestoredStoreDto] })
  restored!: RestoredStoreDto[];
}

export class ChecksumDto {
  @ApiProperty({ description: 'SHA-256 over every table (rows in key order) and sequence' })
  postgres!: string;

  @ApiProperty({ description: 'SHA-256 over every key: type, value, and whether it expires' })
  redis!: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ enum: ['up', 'down'] })
  postgres!: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'] })
  redis!: 'up' | 'down';
}
