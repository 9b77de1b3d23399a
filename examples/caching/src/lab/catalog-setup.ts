import { resetRedis } from '@lab/caching';
import { connectAtBoot } from '@lab/lab-app';
import { keptForStudent, prepareBoot, saveSeedTemplate } from '@lab/sql';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { migrate } from '../catalog/migrations';
import { seedProducts } from '../catalog/product';
import { CACHING_CONFIG, type CachingConfig } from '../config';
import { InjectRedis } from '../stores/stores';
import { REDIS_SEED } from './redis-seed';

/** What the boot did, for the log and for tests that boot twice. */
export interface SetupReport {
  migrations: number[];
  postgres: 'seeded' | 'kept';
  /** `skipped`: a seed-only run (an image build bakes PostgreSQL; Redis is seeded when a sandbox starts). */
  redis: 'seeded' | 'kept' | 'skipped';
}

/**
 * Boot-time preparation of both stores, idempotent (the example app contract): a restart keeps the
 * student's data. PostgreSQL is seeded and frozen into its template database once — the template's
 * existence is the "already seeded" mark (an image with the seed baked in has it from the start);
 * Redis is seeded when its seed keys are missing: a few keys, one round trip at start, so they are
 * not baked anywhere.
 */
@Injectable()
export class CatalogSetup implements OnModuleInit {
  private readonly logger = new Logger(CatalogSetup.name);
  report: SetupReport | undefined;

  constructor(
    @Inject(CACHING_CONFIG) private readonly config: CachingConfig,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.seedOnly && this.redis.status === 'wait') await connectAtBoot(this.redis);
    const { migrations, postgres } = await this.preparePostgres();
    const redis = this.config.seedOnly ? 'skipped' : await this.prepareRedis();
    this.report = { migrations, postgres, redis };
    this.logger.log(`stores ready: postgres ${postgres} (migrations applied: [${migrations}]), redis ${redis}`);
  }

  private async preparePostgres(): Promise<Pick<SetupReport, 'migrations' | 'postgres'>> {
    const { host, port, user, password, database } = this.config.postgres;
    // A client of its own, closed before the template is saved: CREATE DATABASE … TEMPLATE needs
    // the working database free of sessions (the app's pool has not connected yet at this point).
    let client = new Client({ host, port, user, password, database });
    // The student's login works and the seed is frozen (a sandbox of the image with the seed baked
    // in, an app restart): no admin session on the launch's critical path.
    let templateSaved = false;
    try {
      templateSaved = await keptForStudent(async (sql, params) => {
        await client.connect();
        return (await client.query(sql, params)).rows;
      }, database);
    } finally {
      if (!templateSaved) await client.end().catch(() => undefined);
    }
    if (!templateSaved) {
      // The admin (when configured) makes the student's role and gives it the database, in the one
      // admin session that also finds whether the seed is frozen; the schema and the seed are then
      // made as the student, who so owns the table the lab changes.
      ({ templateSaved } = await prepareBoot(this.config.postgres));
      client = new Client({ host, port, user, password, database });
      await client.connect();
    }
    let migrations: number[];
    try {
      migrations = await migrate(client);
      if (templateSaved && migrations.length === 0) {
        return { migrations, postgres: 'kept' };
      }
      await this.seed(client);
    } finally {
      await client.end();
    }
    await saveSeedTemplate(this.config.postgres);
    return { migrations, postgres: 'seeded' };
  }

  /** ON CONFLICT DO NOTHING: a boot that died between seeding and saving the template can run again. */
  private async seed(client: Client): Promise<void> {
    const products = seedProducts();
    await client.query(
      `INSERT INTO products (id, name, category, price_cents, stock)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[])
       ON CONFLICT (id) DO NOTHING`,
      [
        products.map((p) => p.id),
        products.map((p) => p.name),
        products.map((p) => p.category),
        products.map((p) => p.priceCents),
        products.map((p) => p.stock),
      ],
    );
  }

  private async prepareRedis(): Promise<SetupReport['redis']> {
    const keys = REDIS_SEED.map((entry) => entry.key);
    if ((await this.redis.exists(...keys)) === keys.length) return 'kept';
    // Missing seed keys mean a fresh Redis (or one a student flushed): nothing in it is worth keeping.
    await resetRedis(this.redis, REDIS_SEED);
    return 'seeded';
  }
}
