import { Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { HttpMetrics } from '../metrics/http-metrics';
import { SANDBOX_STATES } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';

/** Sandboxes by state (read from the database at scrape time) and how long provisioning takes. */
@Injectable()
export class SandboxMetrics {
  private readonly provisionDuration: Histogram<'outcome'>;

  constructor(metrics: HttpMetrics, sandboxes: SandboxesRepository) {
    new Gauge({
      name: 'lab_sandboxes',
      help: 'Sandboxes by state, as recorded in the database',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        const counts = await sandboxes.countByState();
        for (const state of SANDBOX_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    this.provisionDuration = new Histogram({
      name: 'lab_sandbox_provision_duration_seconds',
      help: 'Time from the start of provisioning to ready (or failure), by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300],
      registers: [metrics.registry],
    });
  }

  provisioned(outcome: 'ready' | 'failed', seconds: number): void {
    this.provisionDuration.observe({ outcome }, seconds);
  }
}
