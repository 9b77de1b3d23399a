import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { Bucket, histogramQuantile } from './histogram-quantile';
import type { OperationQueueDto, ProvisioningDto, SandboxStateCountDto, WarmPoolDto } from './system.dto';

// Histogram values carry the series' name (`…_bucket`, `…_sum`, `…_count`).
type Metric = MetricObjectWithValues<MetricValue<string> & { metricName?: string }>;

/**
 * The figures of the admin's system page, read from the product's own Prometheus registry (the
 * same numbers `/metrics` serves): sandboxes by state, provisioning percentiles, the operation
 * queue, the warm pools.
 */
export interface MetricsSnapshot {
  sandboxes: SandboxStateCountDto[];
  provisioning: ProvisioningDto;
  operations: OperationQueueDto;
  warmPool: WarmPoolDto[];
}

export function readSnapshot(metrics: Metric[]): MetricsSnapshot {
  const named = (name: string) => metrics.find((metric) => metric.name === name)?.values ?? [];
  const sandboxes = named('lab_sandboxes').map((value) => ({
    state: String(value.labels.state),
    count: value.value,
  }));
  const buckets: Bucket[] = named('lab_sandbox_provision_duration_seconds')
    .filter((value) => value.metricName?.endsWith('_bucket') && value.labels.outcome === 'ready')
    .map((value) => ({ le: value.labels.le === '+Inf' ? Infinity : Number(value.labels.le), count: value.value }));
  const count = buckets.reduce((most, bucket) => Math.max(most, bucket.count), 0);
  const p50 = histogramQuantile(0.5, buckets);
  const p95 = histogramQuantile(0.95, buckets);
  const operation = (state: string) =>
    named('lab_sandbox_operations').find((value) => value.labels.state === state)?.value ?? 0;
  const pools = new Map<string, WarmPoolDto>();
  for (const value of named('lab_warm_pool_sandboxes')) {
    const example = String(value.labels.example);
    const pool = pools.get(example) ?? { example, size: 0, ready: 0, provisioning: 0 };
    const state = String(value.labels.state);
    if (state === 'size' || state === 'ready' || state === 'provisioning') pool[state] = value.value;
    pools.set(example, pool);
  }
  return {
    sandboxes,
    provisioning: {
      count,
      ...(p50 === undefined ? {} : { p50Seconds: round(p50) }),
      ...(p95 === undefined ? {} : { p95Seconds: round(p95) }),
    },
    operations: { running: operation('running'), queued: operation('queued') },
    warmPool: [...pools.values()],
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1_000) / 1_000;
}
