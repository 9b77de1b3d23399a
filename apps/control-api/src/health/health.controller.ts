import { reasonOf } from '@lab/runtime';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { DatabaseHealth } from '../database/database-health';
import { ENGINE_PROBE_TIMEOUT_MS, EngineAvailability } from '../runtime/engine-availability';

/** The database gets the same short budget as the engine: /health answers quickly while either hangs. */
const DATABASE_PROBE_TIMEOUT_MS = ENGINE_PROBE_TIMEOUT_MS;
import { DatabaseHealthDto, DockerHealthDto, HealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly engine: EngineAvailability,
    private readonly database: DatabaseHealth,
  ) {}

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
    const [docker, database] = await Promise.all([this.checkDocker(), this.checkDatabase()]);
    const healthy = docker.status === 'up' && database.status === 'up';
    if (!healthy) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', docker, database };
  }

  private async checkDocker(): Promise<DockerHealthDto> {
    const problem = await this.engine.problem();
    return problem === undefined ? { status: 'up' } : { status: 'down', detail: problem };
  }

  private async checkDatabase(): Promise<DatabaseHealthDto> {
    const kind = this.database.kind();
    try {
      await withTimeout(this.database.check(), DATABASE_PROBE_TIMEOUT_MS, 'the database');
      return { status: 'up', kind };
    } catch (error) {
      return { status: 'down', kind, detail: reasonOf(error) };
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
