import { Catalog } from '@lab/catalog';
import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LAB_CONFIG } from '../../config.provider';
import { CATALOG } from '../../examples/catalog.provider';
import { SandboxLifecycle } from '../sandbox-lifecycle';
import { newSandboxRecord } from '../sandbox-factory';
import { POOL_OWNER, SandboxRecord } from '../sandbox.record';
import { SandboxesRepository } from '../sandboxes.repository';

/**
 * Ready sandboxes kept waiting per example (LAB_WARM_POOL), so a launch is served at once: it
 * claims one (a compare-and-set on its owner) and the pool refills in the background. Pooled
 * sandboxes are owned by nobody and never count as idle.
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
  ) {}

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

  /** A ready pooled sandbox of `example`, now `ownerId`'s, or undefined when none is waiting. */
  async claim(example: string, ownerId: string, expiresAt: Date): Promise<SandboxRecord | undefined> {
    if (!this.config.warmPool[example]) return undefined;
    const now = new Date();
    for (const candidate of await this.sandboxes.listPool(example, POOL_OWNER)) {
      if (candidate.state !== 'ready') continue;
      if (await this.sandboxes.claim(candidate.id, POOL_OWNER, { ownerId, expiresAt }, now)) {
        this.logger.log(`sandbox ${candidate.id} claimed from the ${example} pool`);
        this.refill();
        return { ...candidate, ownerId, expiresAt, lastActivityAt: now };
      }
    }
    return undefined;
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
      for (let i = 0; i < missing; i += 1) {
        const now = new Date();
        const record = newSandboxRecord(
          example,
          POOL_OWNER,
          new Date(now.getTime() + this.config.ttl.maxMinutes * 60_000),
          now,
        );
        await this.sandboxes.insert(record);
        this.lifecycle.provision(record.id);
      }
      if (missing > 0) this.logger.log(`warm pool ${name}: provisioning ${missing} sandbox(es)`);
    }
  }
}
