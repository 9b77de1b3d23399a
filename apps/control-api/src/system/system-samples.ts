import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpMetrics } from '../metrics/http-metrics';
import { MetricsSnapshot, readSnapshot } from './metrics-snapshot';
import type { SystemSampleDto } from './system.dto';

/** One sample a minute, the last hour of them: the admin's chart, with no time-series store to run. */
const SAMPLE_EVERY_MS = 60_000;
const KEEP = 60;

/** Reads the product's own metrics now, and keeps the last hour of samples in memory. */
@Injectable()
export class SystemSamples implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SystemSamples.name);
  private readonly kept: SystemSampleDto[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly metrics: HttpMetrics) {}

  onApplicationBootstrap(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async snapshot(): Promise<MetricsSnapshot> {
    return readSnapshot(await this.metrics.registry.getMetricsAsJSON());
  }

  /** Oldest first. */
  samples(): SystemSampleDto[] {
    return [...this.kept];
  }

  private async sample(): Promise<void> {
    try {
      const snapshot = await this.snapshot();
      const state = (name: string) => snapshot.sandboxes.find((entry) => entry.state === name)?.count ?? 0;
      this.kept.push({
        at: new Date().toISOString(),
        ready: state('ready'),
        provisioning: state('provisioning'),
        failed: state('failed'),
        queued: snapshot.operations.queued,
        running: snapshot.operations.running,
      });
      if (this.kept.length > KEEP) this.kept.splice(0, this.kept.length - KEEP);
    } catch (error) {
      // E.g. the database closing at shutdown: one sample fewer.
      this.logger.warn(`system sample skipped: ${String(error)}`);
    }
  }
}
