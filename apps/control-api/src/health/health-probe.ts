import { reasonOf } from '@lab/runtime';
import { Injectable } from '@nestjs/common';
import { DatabaseHealth } from '../database/database-health';
import { ENGINE_PROBE_TIMEOUT_MS, EngineAvailability } from '../runtime/engine-availability';
import { DatabaseHealthDto, DockerHealthDto } from './health.dto';

/** The database gets the same short budget as the engine: the answer comes quickly while either hangs. */
const DATABASE_PROBE_TIMEOUT_MS = ENGINE_PROBE_TIMEOUT_MS;

/** Whether the Docker engine and the state database answer (for /health and the admin's system page). */
@Injectable()
export class HealthProbe {
  constructor(
    private readonly engine: EngineAvailability,
    private readonly database: DatabaseHealth,
  ) {}

  async probe(): Promise<{ docker: DockerHealthDto; database: DatabaseHealthDto }> {
    const [docker, database] = await Promise.all([this.checkDocker(), this.checkDatabase()]);
    return { docker, database };
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
