import { BeforeApplicationShutdown, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { LabConfigModule } from '../config.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { ExamplesModule } from '../examples/examples.module';
import { MetricsModule } from '../metrics/metrics.module';
import { SettingsModule } from '../settings/settings.module';
import { TokensModule } from '../tokens/tokens.module';
import { DestroyAction } from './actions/destroy.action';
import { ProvisionAction } from './actions/provision.action';
import { ResetAction } from './actions/reset.action';
import { LockEntity } from './lock.entity';
import { Reconciler } from './reconcile/reconciler.service';
import { SandboxEntity } from './sandbox.entity';
import { ResetEntity } from './reset/reset.entity';
import { ResetsRepository } from './reset/resets.repository';
import { SandboxResetter } from './reset/sandbox-resetter';
import { WarmPool } from './pool/warm-pool';
import { SandboxEventBus } from './sandbox-events';
import { SandboxAdmission } from './sandbox-admission';
import { SandboxLifecycle } from './sandbox-lifecycle';
import { SandboxStates } from './sandbox-states';
import { SandboxStreams } from './sandbox-streams';
import { SandboxMetrics } from './sandbox-metrics';
import { SandboxStreamsController } from './sandbox-streams.controller';
import { SandboxesController } from './sandboxes.controller';
import { SandboxesFacade } from './sandboxes.facade';
import { SandboxesRepository } from './sandboxes.repository';
import { SandboxesService } from './sandboxes.service';

/** How long shutdown waits for operations under way; what is left, the next start's reconcile finishes. */
const SHUTDOWN_GRACE_MS = 20_000;

@Module({
  imports: [
    TypeOrmModule.forFeature([SandboxEntity, ResetEntity, LockEntity]),
    AccessModule,
    TokensModule,
    LabConfigModule,
    RuntimeModule,
    ExamplesModule,
    MetricsModule,
    SettingsModule,
  ],
  controllers: [SandboxesController, SandboxStreamsController],
  providers: [
    SandboxesRepository,
    SandboxesService,
    SandboxLifecycle,
    SandboxStates,
    ProvisionAction,
    ResetAction,
    DestroyAction,
    SandboxEventBus,
    SandboxMetrics,
    Reconciler,
    ResetsRepository,
    SandboxResetter,
    WarmPool,
    SandboxAdmission,
    SandboxStreams,
    SandboxesFacade,
  ],
  // Other modules go through the facade only; the rest is this module's own.
  exports: [SandboxesFacade],
})
export class SandboxesModule implements BeforeApplicationShutdown {
  constructor(private readonly lifecycle: SandboxLifecycle) {}

  /** Before the database closes: let provisioning in flight record its outcome (rows are never half-written). */
  async beforeApplicationShutdown(): Promise<void> {
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS).unref());
    if ((await Promise.race([this.lifecycle.settled(), grace])) === 'timeout') {
      new Logger(SandboxesModule.name).warn(
        'shutting down with sandbox operations under way: the next start resumes them',
      );
    }
  }
}
