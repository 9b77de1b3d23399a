import { Module } from '@nestjs/common';
import { DockerMetrics } from './docker-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';

@Module({
  providers: [HttpMetrics, DockerMetrics],
  controllers: [MetricsController],
  exports: [HttpMetrics, DockerMetrics],
})
export class MetricsModule {}
