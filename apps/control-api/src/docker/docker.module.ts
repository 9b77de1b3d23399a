import { LabConfig } from '@lab/config';
import { loadImageKit, KitImageResolver } from '@lab/image-kit';
import { DockerClient, DockerSandboxRuntime } from '@lab/runtime';
import { Module } from '@nestjs/common';
import { LabConfigModule } from '../config.module';
import { LAB_CONFIG } from '../config.provider';

export const SANDBOX_RUNTIME = Symbol('SANDBOX_RUNTIME');

/** Composition root of the runtime port: the only place the Docker adapter is chosen. */
@Module({
  imports: [LabConfigModule],
  providers: [
    { provide: DockerClient, inject: [LAB_CONFIG], useFactory: (config: LabConfig) => new DockerClient(config.docker) },
    {
      provide: SANDBOX_RUNTIME,
      inject: [LAB_CONFIG, DockerClient],
      useFactory: (config: LabConfig, docker: DockerClient) =>
        new DockerSandboxRuntime(
          docker,
          new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode),
        ),
    },
  ],
  exports: [DockerClient, SANDBOX_RUNTIME, LabConfigModule],
})
export class DockerModule {}
