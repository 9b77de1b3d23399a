import { NOT_FOUND_MARKER } from '@lab/caching';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { keyPatterns } from '../cache/cache-keys';
import { CatalogStats } from '../cache/catalog-stats';
import { StampedeDemoService } from '../cache/stampede-demo.service';
import { CACHING_CONFIG, type CachingConfig } from '../config';
import { StampedeRequestDto } from './product.dto';
import { KeyNamingDto, StampedeResultDto, StatsDto } from './stats.dto';

@ApiTags('observe')
@Controller()
export class StatsController {
  constructor(
    @Inject(CACHING_CONFIG) private readonly config: CachingConfig,
    private readonly stats: CatalogStats,
    private readonly stampede: StampedeDemoService,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Hit ratio, database loads and latency percentiles, with and without the cache' })
  @ApiOkResponse({ type: StatsDto })
  report(): StatsDto {
    return {
      settings: {
        slowQueryMs: this.config.slowQueryMs,
        ttlMs: this.config.productTtlMs,
        negativeTtlMs: this.config.negativeTtlMs,
        writeBehindFlushMs: this.config.writeBehind.flushIntervalMs ?? null,
      },
      ...this.stats.report(),
    };
  }

  @Post('stats/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start counting again (the caches are left as they are)' })
  @ApiOkResponse({ type: StatsDto })
  reset(): StatsDto {
    this.stats.reset();
    return this.report();
  }

  @Get('keys')
  @ApiOperation({ summary: 'How cache keys are named' })
  @ApiOkResponse({ type: KeyNamingDto })
  keys(): KeyNamingDto {
    return { scheme: '<namespace>:<entity>:<id>', patterns: keyPatterns(), notFoundMarker: NOT_FOUND_MARKER };
  }

  @Post('demo/stampede')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Empty one key, then send N concurrent reads at it: count the database loads per pattern',
  })
  @ApiOkResponse({ type: StampedeResultDto })
  runStampede(@Body() request: StampedeRequestDto): Promise<StampedeResultDto> {
    return this.stampede.run(request.route, request.id, request.readers);
  }
}
