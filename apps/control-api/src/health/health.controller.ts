import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply as Response } from 'fastify';
import { Access } from '../access/access.decorator';
import { HealthProbe } from './health-probe';
import { HealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(private readonly health: HealthProbe) {}

  /**
   * 200 when the engine and the database answer, 503 otherwise (so a load balancer or a script can
   * tell). Each is probed with a short budget: the answer comes quickly even while one hangs.
   */
  @Get()
  @Access('public')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HealthDto, description: 'The Docker engine and the database answer' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The Docker engine or the database does not answer' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const { docker, database } = await this.health.probe();
    const healthy = docker.status === 'up' && database.status === 'up';
    if (!healthy) void response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', docker, database };
  }
}
