import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { InjectPool, InjectRedis } from '../stores/stores';
import { ChecksumDto, HealthDto, ResetDto } from './lab.dto';
import { LabService } from './lab.service';

@ApiTags('lab')
@Controller('lab')
export class LabController {
  constructor(private readonly lab: LabService) {}

  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Put PostgreSQL and Redis back to the seed (queued write-behind writes are dropped)' })
  @ApiOkResponse({ type: ResetDto })
  reset(): Promise<ResetDto> {
    return this.lab.reset();
  }

  @Get('checksum')
  @ApiOperation({ summary: "A checksum per store, equal to the seed's right after a reset" })
  @ApiOkResponse({ type: ChecksumDto })
  checksum(): Promise<ChecksumDto> {
    return this.lab.checksum();
  }
}

/** The readiness probe: 200 once both stores answer, 503 otherwise. */
@ApiTags('lab')
@Controller('health')
export class HealthController {
  constructor(
    @InjectPool() private readonly pool: Pool,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const [postgres, redis] = await Promise.all([up(() => this.pool.query('SELECT 1')), up(() => this.redis.ping())]);
    const healthy = postgres === 'up' && redis === 'up';
    if (!healthy) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', postgres, redis };
  }
}

async function up(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await probe();
    return 'up';
  } catch {
    return 'down';
  }
}
