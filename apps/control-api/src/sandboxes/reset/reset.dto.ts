import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ResetRecord } from './resets.repository';

export class ResetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sandboxId!: string;
  @ApiProperty({ enum: ['pending', 'done', 'failed'] }) state!: string;
  @ApiPropertyOptional({
    enum: ['restore', 'recreate'],
    description:
      '`restore`: the seed restored in place; `recreate`: the restore failed and the containers were recreated',
  })
  method?: string;
  @ApiPropertyOptional({ description: 'Why it was recreated or failed' }) detail?: string;
  @ApiPropertyOptional() durationMs?: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
}

export function toResetDto(record: ResetRecord): ResetDto {
  return {
    id: record.id,
    sandboxId: record.sandboxId,
    state: record.state,
    ...(record.method ? { method: record.method } : {}),
    ...(record.detail ? { detail: record.detail } : {}),
    ...(record.durationMs !== null ? { durationMs: record.durationMs } : {}),
    requestedAt: record.requestedAt.toISOString(),
    ...(record.finishedAt ? { finishedAt: record.finishedAt.toISOString() } : {}),
  };
}
