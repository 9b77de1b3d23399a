import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LatencySummaryDto {
  @ApiProperty() count!: number;
  @ApiProperty() p50!: number;
  @ApiProperty() p95!: number;
  @ApiProperty() p99!: number;
  @ApiProperty() max!: number;
  @ApiProperty() mean!: number;
}

export class OutcomeLatencyDto {
  @ApiPropertyOptional({ type: LatencySummaryDto, nullable: true }) hit!: LatencySummaryDto | null;
  @ApiPropertyOptional({ type: LatencySummaryDto, nullable: true }) miss!: LatencySummaryDto | null;
}

export class RouteStatsDto {
  @ApiProperty() hits!: number;
  @ApiProperty() misses!: number;
  @ApiProperty() reads!: number;
  @ApiProperty({ description: 'hits ÷ reads (0 before the first read)' }) hitRatio!: number;
  @ApiProperty({ description: 'Runs of the slow query on behalf of this route' }) databaseLoads!: number;
  @ApiProperty({ type: OutcomeLatencyDto, description: 'Milliseconds, per outcome' }) latencyMs!: OutcomeLatencyDto;
}

export class UncachedStatsDto {
  @ApiProperty() reads!: number;
  @ApiProperty() databaseLoads!: number;
  @ApiPropertyOptional({ type: LatencySummaryDto, nullable: true }) latencyMs!: LatencySummaryDto | null;
}

export class TotalStatsDto {
  @ApiProperty() hits!: number;
  @ApiProperty() misses!: number;
  @ApiProperty() reads!: number;
  @ApiProperty() hitRatio!: number;
  @ApiProperty() databaseLoads!: number;
}

export class SettingsDto {
  @ApiProperty({ example: 200 }) slowQueryMs!: number;
  @ApiProperty({ example: 300_000 }) ttlMs!: number;
  @ApiProperty({ example: 60_000 }) negativeTtlMs!: number;
  @ApiPropertyOptional({ example: 30_000, nullable: true, description: 'null: flushed only on request' })
  writeBehindFlushMs!: number | null;
}

export class StatsDto {
  @ApiProperty({ type: SettingsDto }) settings!: SettingsDto;
  @ApiProperty({ type: RouteStatsDto }) cacheAside!: RouteStatsDto;
  @ApiProperty({ type: RouteStatsDto }) readThrough!: RouteStatsDto;
  @ApiProperty({ type: UncachedStatsDto, description: 'The baseline, without a cache' }) uncached!: UncachedStatsDto;
  @ApiProperty({ type: TotalStatsDto }) total!: TotalStatsDto;
}

export class StampedeResultDto {
  @ApiProperty({ enum: ['cacheAside', 'readThrough'] }) route!: string;
  @ApiProperty({ example: 'catalog:product:42' }) key!: string;
  @ApiProperty({ example: 50 }) readers!: number;
  @ApiProperty({ example: 1, description: 'Runs of the slow query: 1 with stampede protection' })
  databaseLoads!: number;
  @ApiProperty() hits!: number;
  @ApiProperty() misses!: number;
  @ApiProperty({ example: { loader: 1, coalesced: 49 }, description: 'How the reads were served' })
  via!: Record<string, number>;
  @ApiProperty({ example: 230 }) ms!: number;
}

export class KeyNamingDto {
  @ApiProperty({ example: '<namespace>:<entity>:<id>' }) scheme!: string;
  @ApiProperty({ example: { 'cache-aside': 'aside:product:<id>' } }) patterns!: Record<string, string>;
  @ApiProperty({ example: '!not-found', description: 'What a remembered "no such product" holds' })
  notFoundMarker!: string;
}
