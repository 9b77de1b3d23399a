import { DockerClient, reasonOf } from '@lab/runtime';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { DatabaseHealth } from '../database/database-health';
import { DatabaseHealthDto, DockerHealthDto, HealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly docker: DockerClient,
    private readonly database: DatabaseHealth,
  ) {}

  /** 200 when the engine and the database answer, 503 otherwise (so a load balancer or a script can tell). */
  @Get()
  @Access('public')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HealthDto, description: 'The Docker engine and the database answer' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The Docker engine or the database does not answer' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const [docker, database] = await Promise.all([this.checkDocker(), this.checkDatabase()]);
    const healthy = docker.status === 'up' && database.status === 'up';
    if (!healthy) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', docker, database };
  }

  private async checkDocker(): Promise<DockerHealthDto> {
    try {
      await this.docker.ping();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: reasonOf(error) };
    }
  }

  private async checkDatabase(): Promise<DatabaseHealthDto> {
    const kind = this.database.kind();
    try {
      await this.database.check();
      return { status: 'up', kind };
    } catch (error) {
      return { status: 'down', kind, detail: reasonOf(error) };
    }
  }
}
