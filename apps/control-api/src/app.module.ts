import { Module } from '@nestjs/common';
import { DockerModule } from './docker/docker.module';
import { HealthController } from './health/health.controller';

@Module({
  imports: [DockerModule],
  controllers: [HealthController],
})
export class AppModule {}
