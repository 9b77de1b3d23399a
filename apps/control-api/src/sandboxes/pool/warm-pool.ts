import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { LAB_CONFIG } from '../../config.provider';
import { HttpMetrics } from '../../metrics/http-metrics';
import { CATALOG } from '../../examples/catalog.provider';
import { SandboxAdmission } from '../sandbox-admission';
import { SandboxLifecycle } from '../sandbox-lifecycle';
import { newSandboxRecord } from '../sandbox-factory';
import { POOL_OWNER, SandboxRecord } from '../sandbox.record';
import { SandboxesRepository } from '../sandboxes.repository';

/**
 * Ready sandboxes kept waiting per example (LAB_WARM_POOL), so a launch is served at once: it
 * claims one (a compare-and-set on its owner) and the pool refills in the background. Pooled
 * sandboxes are owned by nobody, count in the lab's total (once: a claim moves one to its user) and
 * never count as idle.
 */
@Injectable()
export class WarmPool implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WarmPool.name);
  private timer?: NodeJS.Timeout;
  private refilling?: Promise<void>;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly sandboxes: SandboxesRepository,
    private readonly lifecycle: SandboxLifecycle,
    private readonly admission: SandboxAdmission,
    metrics: HttpMetrics,
  ) {
    const pools = () => Object.entries(this.config.warmPool);
    new Gauge({
      name: 'lab_warm_pool_sandboxes',
      help: 'Sandboxes waiting in the warm pool (LAB_WARM_POOL) by example and state; `size` is the configured size',
      labelNames: ['example', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const [example, size] of pools()) {
          const pooled = await sandboxes.listPool(example, POOL_OWNER);
          this.set({ example, state: 'size' }, size);
          this.set({ example, state: 'ready' }, pooled.filter((sandbox) => sandbox.state === 'ready').length);
          this.set(
            { example, state: 'provisioning' },
            pooled.filter((sandbox) => sandbox.state === 'provisioning').length,
          );
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    if (Object.keys(this.config.warmPool).length === 0) return;
    this.refill();
    this.timer = setInterval(() => this.refill(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.refilling;
  }

  /** Whether launches of `example` may be served from a pool (the claim itself is SandboxAdmission's). */
  offers(example: string): boolean {
    return (this.config.warmPool[example] ?? 0) > 0;
  }

  /** A launch claimed a pooled sandbox: its place is refilled in the background. */
  claimed(record: SandboxRecord): void {
    this.logger.log(`sandbox ${record.id} claimed from the ${record.example} pool`);
    this.refill();
  }

  /** Tops every pool up to its size (one refill at a time). */
  refill(): void {
    this.refilling ??= this.topUp()
      .catch((error: unknown) => this.logger.warn(`warm pool refill failed: ${String(error)}`))
      .finally(() => (this.refilling = undefined));
  }

  private async topUp(): Promise<void> {
    for (const [name, size] of Object.entries(this.config.warmPool)) {
      const example = this.catalog.examples.find((candidate) => candidate.name === name);
      if (!example) continue;
      const missing = size - (await this.sandboxes.listPool(name, POOL_OWNER)).length;
      let added = 0;
      for (; added < missing; added += 1) {
        const now = new Date();
        const record = newSandboxRecord(
          example,
          POOL_OWNER,
          new Date(now.getTime() + this.config.ttl.maxMinutes * 60_000),
          now,
        );
        // Pooled sandboxes count in the lab's total like any other: a full lab is not refilled.
        const refusal = await this.admission.reserve([record]);
        if (refusal) {
          this.logger.warn(`warm pool ${name}: not refilled, ${refusal.detail}`);
          break;
        }
        this.lifecycle.provision(record.id);
      }
      if (added > 0) this.logger.log(`warm pool ${name}: provisioning ${added} sandbox(es)`);
    }
  }
}
