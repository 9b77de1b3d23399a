import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { HealthProbe } from '../health/health-probe';
import { SystemSamples } from './system-samples';
import { SystemDto } from './system.dto';

@ApiTags('operations')
@Controller('system')
@Access('admin')
export class SystemController {
  constructor(
    private readonly health: HealthProbe,
    private readonly samples: SystemSamples,
  ) {}

  /** Engine and database status and the product's own metrics, with the last hour of samples. */
  @Get()
  @ApiOkResponse({ type: SystemDto })
  async summary(): Promise<SystemDto> {
    const [{ docker, database }, snapshot] = await Promise.all([this.health.probe(), this.samples.snapshot()]);
    return { docker, database, ...snapshot, samples: this.samples.samples() };
  }
}
