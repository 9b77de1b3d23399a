import { COMPARE_ENGINE_NAMES } from '@lab/compare';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { COMPARISON_STATES, type ComparisonState } from './comparison.record';

export class CreateComparisonDto {
  @ApiProperty({ example: 'sb-3f9c2a1b7d4e6f80', description: 'A ready sandbox of yours with the engines to compare' })
  @IsString()
  @Matches(/^sb-[0-9a-f]{16}$/)
  sandbox!: string;

  @ApiProperty({
    description:
      "A workload of the sandbox's example by name (`examples/<example>/workloads/<name>.yaml`, e.g. `ycsb-b`), " +
      'or a workload object of the same shape (validated: errors come with their paths)',
    oneOf: [
      { type: 'string', example: 'ycsb-b' },
      { type: 'object', additionalProperties: true },
    ],
  })
  @Allow()
  workload!: unknown;

  @ApiPropertyOptional({
    enum: COMPARE_ENGINE_NAMES,
    isArray: true,
    description: 'In the order they run; default: every engine the sandbox has',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COMPARE_ENGINE_NAMES.length)
  @IsIn(COMPARE_ENGINE_NAMES, { each: true })
  engines?: string[];

  @ApiPropertyOptional({
    example: 200,
    description: 'Operations per second (overrides the workload’s; at most LAB_COMPARE_MAX_RATE)',
  })
  @IsOptional()
  @IsInt()
  @IsPositive()
  rate?: number;

  @ApiPropertyOptional({
    example: 10,
    description: 'Measured seconds per repetition (at most LAB_COMPARE_MAX_DURATION_SECONDS)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  durationSeconds?: number;
}

export class WorkloadOperationDto {
  @ApiProperty({ example: 'point-read' }) name!: string;
  @ApiProperty({ example: 95, description: 'Relative share of the operations' }) weight!: number;
}

export class WorkloadKeysDto {
  @ApiProperty({ enum: ['uniform', 'zipfian'] }) distribution!: 'uniform' | 'zipfian';
  @ApiProperty({ example: 0.99, description: 'Zipfian skew' }) theta!: number;
}

export class WorkloadDto {
  @ApiProperty({ example: 'compare', description: 'The example whose `workloads/` holds it' }) example!: string;
  @ApiProperty({ example: 'ycsb-b', description: 'The name POST /api/comparisons takes as `workload`' })
  name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ enum: ['A', 'B', 'C', 'F'], description: 'The YCSB core mix it is, if any' }) mix?: string;
  @ApiProperty({ type: [WorkloadOperationDto] }) operations!: WorkloadOperationDto[];
  @ApiProperty({ type: WorkloadKeysDto }) keys!: WorkloadKeysDto;
  @ApiProperty({ example: 200, description: 'Default operations per second' }) rate!: number;
  @ApiProperty({ example: 10, description: 'Default measured seconds per repetition' }) durationSeconds!: number;
  @ApiProperty() warmupSeconds!: number;
  @ApiProperty() concurrency!: number;
  @ApiProperty() repetitions!: number;
}

export class LatencyDto {
  @ApiProperty() count!: number;
  @ApiProperty() p50!: number;
  @ApiProperty() p90!: number;
  @ApiProperty() p99!: number;
  @ApiProperty() p999!: number;
  @ApiProperty() max!: number;
  @ApiProperty() mean!: number;
}

export class SpreadDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

export class OperationSpreadDto {
  @ApiProperty({ type: SpreadDto }) throughput!: SpreadDto;
  @ApiProperty({ type: SpreadDto }) p50!: SpreadDto;
  @ApiProperty({ type: SpreadDto }) p99!: SpreadDto;
}

export class CurvePointDto {
  @ApiProperty() percentile!: number;
  @ApiProperty() ms!: number;
}

export class OperationResultDto {
  @ApiProperty({ example: 'point-read' }) operation!: string;
  @ApiProperty({ description: 'Completed operations per second (mean over repetitions)' }) throughput!: number;
  @ApiProperty({
    type: LatencyDto,
    description: 'ms from each operation’s intended start (coordinated omission corrected)',
  })
  latency!: LatencyDto;
  @ApiProperty({ type: LatencyDto, description: 'ms from the actual send: what a closed-loop tool would report' })
  uncorrected!: LatencyDto;
  @ApiProperty() errors!: number;
  @ApiProperty({ type: [String] }) errorSamples!: string[];
  @ApiProperty({ type: OperationSpreadDto, description: 'Min and max over the repetitions' })
  spread!: OperationSpreadDto;
  @ApiProperty({ type: [CurvePointDto], description: 'Latency by percentile (HDR)' }) curve!: CurvePointDto[];
}

export class RepetitionDto {
  @ApiProperty() repetition!: number;
  @ApiProperty() throughput!: number;
  @ApiProperty({ type: [Number] }) completedPerSecond!: number[];
  @ApiProperty({ description: 'Client CPU over wall time (1 = one core)' }) clientCpu!: number;
  @ApiProperty({ description: 'Share of operations the client dispatched late' }) scheduleLag!: number;
  @ApiProperty() dropped!: number;
  @ApiProperty({ type: [String], description: 'Why this repetition is unreliable; empty when it is not' })
  unreliable!: string[];
}

export class OperationPlanDto {
  @ApiProperty({ example: 'point-read' }) operation!: string;
  @ApiProperty({
    example: 'SELECT id, title, author, price_cents, stock FROM books WHERE id = 1',
    description: "The operation's statement with sample values, as explained",
  })
  statement!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "The engine's plan from the console's explain (plan mode, nothing run): the same shape as a console " +
      "result's `plan` (PostgreSQL EXPLAIN (FORMAT JSON), MariaDB EXPLAIN FORMAT=JSON)",
  })
  plan?: unknown;
  @ApiPropertyOptional({
    example: 'No query planner: HGETALL reads one hash by its key, O(fields), one round trip.',
    description: 'Why there is no plan and what the engine does instead, or what the plan leaves out',
  })
  note?: string;
}

export class EngineResultDto {
  @ApiProperty({ example: 'postgresql' }) engine!: string;
  @ApiProperty({ example: 'tables' }) model!: string;
  @ApiProperty() unreliable!: boolean;
  @ApiProperty({ type: [OperationResultDto] }) operations!: OperationResultDto[];
  @ApiProperty({ type: [RepetitionDto] }) repetitions!: RepetitionDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'What each operation ran' })
  statements!: Record<string, string>;
  @ApiProperty({ type: [OperationPlanDto], description: 'Per operation: the statement explained and its plan' })
  plans!: OperationPlanDto[];
}

export class ComparisonProgressDto {
  @ApiProperty({ example: 'running' }) phase!: string;
  @ApiPropertyOptional() engine?: string;
  @ApiPropertyOptional() repetition?: number;
  @ApiPropertyOptional() elapsedMs?: number;
  @ApiPropertyOptional() totalMs?: number;
  @ApiPropertyOptional() completed?: number;
  @ApiPropertyOptional() errors?: number;
}

export class ComparisonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sandboxId!: string;
  @ApiProperty({ example: 'ycsb-b' }) workload!: string;
  @ApiProperty({ type: [String] }) engines!: string[];
  @ApiProperty() rate!: number;
  @ApiProperty() durationSeconds!: number;
  @ApiProperty() repetitions!: number;
  @ApiProperty({ enum: COMPARISON_STATES }) state!: ComparisonState;
  @ApiPropertyOptional({ description: 'Why it failed: a wrong answer’s difference, or the engine’s error' })
  error?: string;
  @ApiPropertyOptional({ description: 'True when client CPU or schedule lag make the numbers doubtful' })
  unreliable?: boolean;
  @ApiPropertyOptional({ type: ComparisonProgressDto, description: 'While running: the latest progress' })
  progress?: ComparisonProgressDto;
  @ApiPropertyOptional({ type: [EngineResultDto], description: 'Once succeeded' }) results?: EngineResultDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
}
