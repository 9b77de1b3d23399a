import type { DockerCallRecord } from '@lab/runtime';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { HttpMetrics } from './http-metrics';

/** Latency and failures of Docker engine calls, fed by the Docker client's `onCall` hook (wired in the runtime module). */
@Injectable()
export class DockerMetrics {
  private readonly duration: Histogram<'kind' | 'outcome'>;
  private readonly failures: Counter<'kind' | 'outcome'>;

  constructor(metrics: HttpMetrics) {
    this.duration = new Histogram({
      name: 'lab_docker_call_duration_seconds',
      help: 'Duration of Docker engine calls, by kind of call and outcome',
      labelNames: ['kind', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers: [metrics.registry],
    });
    this.failures = new Counter({
      name: 'lab_docker_call_errors_total',
      help: 'Docker engine calls that failed or timed out (4xx answers such as 404 are not counted)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  record(call: DockerCallRecord): void {
    this.duration.observe({ kind: call.kind, outcome: call.outcome }, call.durationMs / 1_000);
    if (call.outcome === 'error' || call.outcome === 'timeout')
      this.failures.inc({ kind: call.kind, outcome: call.outcome });
  }
}
