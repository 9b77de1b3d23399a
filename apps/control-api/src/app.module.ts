import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { LabConfigModule } from './config.module';
import { ComparisonsModule } from './comparisons/comparisons.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { RuntimeModule } from './runtime/runtime.module';
import { ExamplesModule } from './examples/examples.module';
import { HealthController } from './health/health.controller';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { SandboxesModule } from './sandboxes/sandboxes.module';
import { SystemModule } from './system/system.module';
import { AppProxyModule } from './web/app-proxy/app-proxy.module';
import { TerminalModule } from './terminal/terminal.module';
import { WorkshopsModule } from './workshops/workshops.module';

@Module({
  imports: [
    LabConfigModule,
    LoggingModule,
    DatabaseModule,
    AccessModule,
    MetricsModule,
    RuntimeModule,
    ExamplesModule,
    SandboxesModule,
    WorkshopsModule,
    ConsoleModule,
    ComparisonsModule,
    AppProxyModule,
    TerminalModule,
    SystemModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
