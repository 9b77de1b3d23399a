import { CONNECTION_KINDS, type ConnectionKind } from '@lab/catalog';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ResetDto } from './reset/reset.dto';
import { SANDBOX_STATES, SandboxState } from './sandbox.record';

export class ServiceConnectionDto {
  @ApiProperty({ example: 'postgres' }) name!: string;
  /** An engine of @lab/engines, or `http` for an app. */
  @ApiProperty({ enum: CONNECTION_KINDS }) engine!: ConnectionKind;
  @ApiProperty({ example: '127.0.0.1' }) host!: string;
  @ApiProperty({ example: 49153 }) port!: number;
  @ApiPropertyOptional({ example: 'student' }) username?: string;
  @ApiPropertyOptional({ description: 'Generated for this sandbox only' }) password?: string;
  @ApiPropertyOptional({ example: 'shop' }) database?: string;
  @ApiProperty({ example: 'postgresql://student:…@127.0.0.1:49153/shop' }) url!: string;
}

export class SandboxAppDto {
  @ApiProperty({ example: 'http://127.0.0.1:49155/' }) url!: string;
}

export class SandboxDto {
  @ApiProperty({ example: 'sb-3f9c2a1b7d4e6f80' }) id!: string;
  @ApiProperty({ example: 'sql-vs-nosql' }) example!: string;
  @ApiProperty({ enum: SANDBOX_STATES }) state!: SandboxState;
  @ApiPropertyOptional({ description: 'Why it failed or was removed' }) reason?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When idle culling (LAB_IDLE_MINUTES) removes it unless its user uses it before (any request on it counts); absent when it is not culled',
  })
  idleRemovalAt?: string;
  @ApiProperty({ type: [ServiceConnectionDto], description: 'Connection details once ready (empty before)' })
  services!: ServiceConnectionDto[];
  @ApiPropertyOptional({ type: SandboxAppDto }) app?: SandboxAppDto;
  @ApiPropertyOptional({ type: ResetDto, description: 'The latest reset, if any' }) lastReset?: ResetDto;
}
