import { DockerClient, reasonOf } from '@lab/runtime';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { HealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly docker: DockerClient) {}

  /** 200 when the engine answers, 503 otherwise (so a load balancer or a script can tell). */
  @Get()
  @Access('public')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HealthDto, description: 'The Docker engine answers' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The Docker engine does not answer' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    try {
      await this.docker.ping();
      return { status: 'ok', docker: { status: 'up' } };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'degraded', docker: { status: 'down', detail: reasonOf(error) } };
    }
  }
}
