import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { HealthProbe } from '../health/health-probe';
import { MetricsModule } from '../metrics/metrics.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { SystemController } from './system.controller';
import { SystemSamples } from './system-samples';

/** The admin's view of the installation: health, sandboxes, queue and pools, the last hour. */
@Module({
  imports: [MetricsModule, RuntimeModule, DatabaseModule],
  controllers: [SystemController],
  providers: [HealthProbe, SystemSamples],
  exports: [HealthProbe],
})
export class SystemModule {}
