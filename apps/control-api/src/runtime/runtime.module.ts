import { LabConfig } from '@lab/config';
import { loadImageKit, KitImageResolver } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime, ImageResolver } from '@lab/runtime';
import { Module } from '@nestjs/common';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { DockerMetrics } from '../metrics/docker-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { EngineAvailability, EngineAvailableGuard } from './engine-availability';
import { IMAGE_RESOLVER, SANDBOX_RUNTIME } from './runtime.tokens';

export { IMAGE_RESOLVER, SANDBOX_RUNTIME };

/**
 * Composition root of the runtime port: the only place the Docker adapter is chosen. Everything
 * else gets the port (SANDBOX_RUNTIME) or the image resolver; the Docker client stays in here.
 */
@Module({
  imports: [LabConfigModule, MetricsModule],
  providers: [
    {
      provide: DockerClient,
      inject: [LAB_CONFIG, DockerMetrics],
      useFactory: (config: LabConfig, metrics: DockerMetrics) =>
        new DockerClient({ ...config.docker, onCall: (call) => metrics.record(call) }),
    },
    {
      provide: IMAGE_RESOLVER,
      inject: [LAB_CONFIG, DockerClient],
      useFactory: (config: LabConfig, docker: DockerClient): ImageResolver =>
        new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode),
    },
    {
      provide: SANDBOX_RUNTIME,
      inject: [DockerClient, IMAGE_RESOLVER],
      useFactory: (docker: DockerClient, images: ImageResolver) => new DockerSandboxRuntime(docker, images),
    },
    EngineAvailability,
    EngineAvailableGuard,
  ],
  exports: [SANDBOX_RUNTIME, IMAGE_RESOLVER, LabConfigModule, EngineAvailability, EngineAvailableGuard],
})
export class RuntimeModule {}
