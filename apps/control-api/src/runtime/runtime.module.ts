import { LabConfig } from '@lab/config';
import { loadImageKit, KitImageResolver } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime, ImageResolver, SandboxRuntime, SwarmSandboxRuntime } from '@lab/runtime';
import { Module } from '@nestjs/common';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';
import { DockerMetrics } from '../metrics/docker-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { EngineAvailability, EngineAvailableGuard } from './engine-availability';
import { IMAGE_RESOLVER, SANDBOX_RUNTIME } from './runtime.tokens';

export { IMAGE_RESOLVER, SANDBOX_RUNTIME };

/**
 * Composition root of the runtime port: the only place an adapter (Docker or Swarm, LAB_RUNTIME) is chosen. Everything
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
      inject: [LAB_CONFIG, DockerClient, IMAGE_RESOLVER],
      useFactory: (config: LabConfig, docker: DockerClient, images: ImageResolver): SandboxRuntime =>
        // LAB_RUNTIME: the engine at DOCKER_SOCKET runs the sandboxes itself, or is a swarm manager.
        config.runtime.kind === 'swarm'
          ? new SwarmSandboxRuntime(docker, images, { constraints: config.runtime.swarmConstraints })
          : new DockerSandboxRuntime(docker, images),
    },
    EngineAvailability,
    EngineAvailableGuard,
  ],
  exports: [SANDBOX_RUNTIME, IMAGE_RESOLVER, LabConfigModule, EngineAvailability, EngineAvailableGuard],
})
export class RuntimeModule {}
