import { DockerClient, reasonOf } from '@lab/runtime';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';

export interface HealthDto {
  status: 'ok' | 'degraded';
  docker: { status: 'up' | 'down'; detail?: string };
}

@Controller('health')
export class HealthController {
  constructor(private readonly docker: DockerClient) {}

  /** 200 when the engine answers, 503 otherwise (so a load balancer or a script can tell). */
  @Get()
  @HttpCode(HttpStatus.OK)
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
