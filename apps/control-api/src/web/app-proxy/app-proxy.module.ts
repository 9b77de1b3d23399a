import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { LabConfigModule } from '../../config.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { SandboxesModule } from '../../sandboxes/sandboxes.module';
import { AppProxyController } from './app-proxy.controller';
import { AppProxyService } from './app-proxy.service';
import { AppProxyUpgrades } from './app-proxy.upgrades';
import { AppViewGrants } from './app-view-grants';

/** A sandbox's example app through the control API, HTTP and WebSockets (README: "The app through the API"). */
@Module({
  imports: [LabConfigModule, AccessModule, MetricsModule, SandboxesModule],
  controllers: [AppProxyController],
  providers: [AppProxyService, AppProxyUpgrades, AppViewGrants],
})
export class AppProxyModule {}
