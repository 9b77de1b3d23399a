import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatabaseHealthDto, DockerHealthDto } from '../health/health.dto';

export class SandboxStateCountDto {
  @ApiProperty({ example: 'ready' }) state!: string;
  @ApiProperty() count!: number;
}

export class ProvisioningDto {
  @ApiProperty({ description: 'Sandboxes provisioned to ready since this process started' }) count!: number;
  @ApiPropertyOptional({ description: 'Median time to ready, seconds (estimated from the histogram buckets)' })
  p50Seconds?: number;
  @ApiPropertyOptional({ description: '95th percentile of the time to ready, seconds' }) p95Seconds?: number;
}

export class OperationQueueDto {
  @ApiProperty({ description: 'Operations running now' }) running!: number;
  @ApiProperty({ description: 'Operations waiting for room (LAB_PROVISION_CONCURRENCY)' }) queued!: number;
}

export class WarmPoolDto {
  @ApiProperty() example!: string;
  @ApiProperty({ description: 'Configured size (LAB_WARM_POOL)' }) size!: number;
  @ApiProperty() ready!: number;
  @ApiProperty() provisioning!: number;
}

export class SystemSampleDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() ready!: number;
  @ApiProperty() provisioning!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'Operations queued' }) queued!: number;
  @ApiProperty({ description: 'Operations running' }) running!: number;
}

export class SystemDto {
  @ApiProperty({ type: DockerHealthDto }) docker!: DockerHealthDto;
  @ApiProperty({ type: DatabaseHealthDto }) database!: DatabaseHealthDto;
  @ApiProperty({ type: [SandboxStateCountDto] }) sandboxes!: SandboxStateCountDto[];
  @ApiProperty({ type: ProvisioningDto }) provisioning!: ProvisioningDto;
  @ApiProperty({ type: OperationQueueDto }) operations!: OperationQueueDto;
  @ApiProperty({ type: [WarmPoolDto] }) warmPool!: WarmPoolDto[];
  @ApiProperty({
    type: [SystemSampleDto],
    description: 'The last hour, one sample a minute, kept in this process’s memory (empty after a restart)',
  })
  samples!: SystemSampleDto[];
}
