import { KitImageResolver } from '@lab/image-kit';
import { DockerSandboxRuntime, SandboxSpecInput } from '@lab/runtime';
import { generateSecret } from '@lab/runtime/testing/sample-specs';
import { generateBookstore } from '@lab/seed';
import {
  checksumDatabase,
  openBookstore,
  resetFromSeedTemplate,
  saveSeedTemplate,
  seedBookstore,
  SqlConnectionConfig,
} from '@lab/sql';
import { randomBytes } from 'node:crypto';
import { BenchReport, machineEnvironment } from '../report';
import { summarize } from '../stats';
import type { SuiteContext } from './runtime.suite';

const BENCH_LABEL = 'lab.bench';
const SEED = { seed: 2024, size: 10 };

/**
 * What a reset saves: restoring a PostgreSQL sandbox to its seed from a template database, against
 * the floor of recreating it (remove the container, provision a new one to ready, migrate, seed).
 * Every reset is verified: the checksum over every table equals the seed's (not timed).
 */
export async function resetSuite(context: SuiteContext): Promise<BenchReport> {
  const { docker, runs, log } = context;
  const runtime = new DockerSandboxRuntime(docker, new KitImageResolver(context.kit, docker, context.imageMode));
  const runId = randomBytes(3).toString('hex');
  const sandboxId = `bench-${runId}-reset`;
  const password = generateSecret();
  const started = Date.now();
  const resets: number[] = [];
  const recreates: number[] = [];

  const recreate = async (): Promise<SqlConnectionConfig> => {
    await runtime.destroy(sandboxId);
    const sandbox = await runtime.provision(sandboxId, postgresSpec(password), { labels: { [BENCH_LABEL]: runId } });
    const config = {
      host: sandbox.services[0]!.host,
      port: sandbox.services[0]!.ports[5432]!,
      user: 'lab',
      password,
      database: 'bookstore',
    };
    const db = await openBookstore(config);
    try {
      await seedBookstore(db, generateBookstore(SEED));
    } finally {
      await db.destroy();
    }
    return config;
  };

  try {
    let config = await recreate();
    await saveSeedTemplate(config);
    const seedChecksum = await checksumOf(config);
    for (let i = -1; i < runs; i++) {
      await changeData(config);
      let t = performance.now();
      await resetFromSeedTemplate(config);
      const resetMs = performance.now() - t;
      if ((await checksumOf(config)) !== seedChecksum) throw new Error('reset did not restore the seed');

      t = performance.now();
      config = await recreate();
      const recreateMs = performance.now() - t;
      await saveSeedTemplate(config);

      if (i >= 0) {
        resets.push(resetMs);
        recreates.push(recreateMs);
        log(`run ${i + 1}/${runs}: reset ${resetMs.toFixed(1)} ms, recreate ${recreateMs.toFixed(0)} ms`);
      }
    }
  } finally {
    for (const sandbox of await runtime.list({ [BENCH_LABEL]: runId })) await runtime.destroy(sandbox.id);
  }

  const version = await docker.raw.version();
  const floorName = 'floor: recreate (remove, provision to ready, migrate, seed)';
  return {
    suite: 'reset',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ docker: version.Version, imageMode: context.imageMode }),
    rows: [
      { name: floorName, summary: summarize(recreates) },
      {
        name: 'reset from the seed template (DROP … WITH (FORCE) + CREATE … TEMPLATE)',
        summary: summarize(resets),
        floor: floorName,
      },
    ],
    notes: [
      `Bookstore seed ${SEED.seed}, size ${SEED.size} (${generateBookstore(SEED).orders.length} orders); before each reset the data is changed.`,
      'Each reset is checked: the per-table checksums (and sequences) equal the seed’s; the check is not timed.',
      'One warm-up run is discarded.',
    ],
  };
}

async function checksumOf(config: SqlConnectionConfig): Promise<string> {
  const db = await openBookstore(config);
  try {
    return JSON.stringify(await checksumDatabase(db));
  } finally {
    await db.destroy();
  }
}

async function changeData(config: SqlConnectionConfig): Promise<void> {
  const db = await openBookstore(config);
  try {
    await db.query('UPDATE books SET price_cents = price_cents + 1');
    await db.query('DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders ORDER BY id LIMIT 50)');
  } finally {
    await db.destroy();
  }
}

function postgresSpec(password: string): SandboxSpecInput {
  return {
    example: 'reset-bench',
    owner: 'bench',
    services: [
      {
        name: 'postgres',
        image: 'postgres',
        env: { POSTGRES_USER: 'lab', POSTGRES_PASSWORD: password, POSTGRES_DB: 'bookstore' },
        ports: [5432],
        limits: { cpus: 1, memoryMb: 512, pids: 128 },
        readiness: {
          probes: [{ kind: 'postgres', port: 5432, user: 'lab', password, database: 'bookstore' }],
          timeoutMs: 60_000,
          intervalMs: 25,
        },
      },
    ],
  };
}
