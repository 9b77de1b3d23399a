import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { SkipThrottle } from '@nestjs/throttler';
import { Access } from '../access/access.decorator';
import { HttpMetrics } from './http-metrics';

@ApiTags('operations')
@Controller('metrics')
@SkipThrottle()
export class MetricsController {
  constructor(private readonly metrics: HttpMetrics) {}

  /** Prometheus text exposition format. */
  @Get()
  @Access('public')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus metrics', schema: { type: 'string' } })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    void response.type(this.metrics.contentType());
    return this.metrics.render();
  }
}
