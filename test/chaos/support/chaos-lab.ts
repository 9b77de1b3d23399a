import { expectData } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, SandboxView } from '../../control-api/support/api-client';
import { ApiProcess } from '../../control-api/support/api-process';
import { INSTANCE_LABEL } from '../../../apps/control-api/src/settings/lab-instance';
import { createTestLab, TestLab } from '../../support/lab-runtime';

/** The chaos suite's own examples: a small PostgreSQL and the cheapest sandbox there is (a Redis). */
export const CHAOS_EXAMPLES = 'test/chaos/examples';

/** Where a sandbox comes to rest after a fault: running as asked, or given up with a reason. */
export const SETTLED_STATES = ['ready', 'failed'];

export interface SandboxRow {
  id: string;
  state: string;
  desired: string;
  reason: string | null;
}

export interface LabelledObjects {
  /** Sandbox id of every labelled container, network and volume of this installation. */
  containers: string[];
  networks: string[];
  volumes: string[];
}

/**
 * One installation of the control API as its own process (the production bundle, killable with
 * SIGKILL) on a fresh state directory, plus what a chaos scenario needs to judge it: the rows as
 * the database has them and the Docker objects carrying this installation's `lab.instance` label.
 * Quotas and the rate limit are lifted: the scenarios launch far more than a student may.
 */
export class ChaosLab {
  readonly lab: TestLab = createTestLab();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'lab-chaos-'));
  readonly adminToken = `chaos-admin-${this.lab.runId}-0123456789abcdef`;
  api?: ApiProcess;
  private instanceId?: string;

  constructor(private readonly overrides: Record<string, string> = {}) {}

  env(): Record<string, string> {
    const { config } = this.lab;
    return {
      LAB_DATA_DIR: this.dataDir,
      LAB_EXAMPLES_DIR: CHAOS_EXAMPLES,
      LAB_ADMIN_TOKEN: this.adminToken,
      // The kit the tests resolve images with, so a helper's suffixed kit is the API's too.
      LAB_IMAGE_KIT: config.imageKitPath,
      LAB_IMAGE_MODE: config.imageMode,
      DOCKER_SOCKET: config.docker.socketPath,
      LAB_QUOTA_PER_USER: '1000',
      LAB_QUOTA_TOTAL: '10000',
      LAB_RATE_LIMIT_PER_MINUTE: '100000',
      LAB_RECONCILE_SECONDS: '2',
      LOG_LEVEL: 'warn',
      ...this.overrides,
    };
  }

  /** Starts (or restarts, on the same state) the API and waits for /health to answer 200. */
  async start(): Promise<ApiClient> {
    this.api = await ApiProcess.start(this.env());
    this.instanceId ??= this.readInstanceId();
    return new ApiClient(this.api.base);
  }

  client(): ApiClient {
    if (!this.api) throw new Error('the API is not started');
    return new ApiClient(this.api.base);
  }

  /** Launches `count` sandboxes of `example` at once; the ids of the 202s. */
  async launchAll(example: string, count: number): Promise<string[]> {
    const client = this.client();
    const created = await Promise.all(
      Array.from({ length: count }, () =>
        expectData(client.as(this.adminToken).POST('/api/sandboxes', { body: { example } })),
      ),
    );
    return created.map((sandbox) => sandbox.id);
  }

  /** Polls until every sandbox satisfies `accept`; the last views seen. */
  async waitForAll(ids: string[], accept: (sandbox: SandboxView) => boolean, timeoutMs = 120_000) {
    const client = this.client();
    return Promise.all(ids.map((id) => client.waitForSandbox(this.adminToken, id, accept, timeoutMs)));
  }

  /** Rows as the database has them (read-only: the API owns the file). */
  rows(): SandboxRow[] {
    const db = new Database(join(this.dataDir, 'lab.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT id, state, desired, reason FROM sandboxes ORDER BY id').all() as SandboxRow[];
    } finally {
      db.close();
    }
  }

  /** Every container, network and volume labelled for this installation, by sandbox id. */
  async objects(): Promise<LabelledObjects> {
    const filter = { [LABEL.managed]: 'true', [INSTANCE_LABEL]: this.instance() };
    const { docker } = this.lab;
    const [containers, networks, volumes] = await Promise.all([
      docker.listContainers(filter),
      docker.listNetworks(filter),
      docker.listVolumes(filter),
    ]);
    const sandboxOf = (labels: Record<string, string>) => labels[LABEL.sandbox] ?? '?';
    return {
      containers: containers.map((c) => sandboxOf(c.Labels)).sort(),
      networks: networks.map((n) => sandboxOf(n.labels)).sort(),
      volumes: volumes.map((v) => sandboxOf(v.labels)).sort(),
    };
  }

  /** The sandboxes of this installation as the runtime sees them (services and their states). */
  statuses() {
    return this.lab.runtime.list({ [INSTANCE_LABEL]: this.instance() });
  }

  /** Objects whose sandbox has no row that still wants it: what a crash or a race left behind. */
  async orphans(): Promise<LabelledObjects> {
    const wanted = new Set(
      this.rows()
        .filter((row) => row.desired === 'running')
        .map((row) => row.id),
    );
    const objects = await this.objects();
    const unwanted = (ids: string[]) => ids.filter((id) => !wanted.has(id));
    return {
      containers: unwanted(objects.containers),
      networks: unwanted(objects.networks),
      volumes: unwanted(objects.volumes),
    };
  }

  instance(): string {
    this.instanceId ??= this.readInstanceId();
    return this.instanceId;
  }

  /** Stops the API and removes every object of this installation, even after a failed test. */
  async cleanup(): Promise<void> {
    await this.api?.stop();
    this.api = undefined;
    if (this.instanceId) {
      const filter = { [INSTANCE_LABEL]: this.instanceId };
      for (const status of await this.lab.runtime.list(filter)) await this.lab.runtime.destroy(status.id);
      for (const volume of await this.lab.docker.listVolumes(filter)) await this.lab.docker.removeVolume(volume.name);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private readInstanceId(): string {
    const db = new Database(join(this.dataDir, 'lab.sqlite'), { readonly: true });
    try {
      const row = db.prepare("SELECT value FROM settings WHERE key = 'instance-id'").get() as { value: string };
      return row.value;
    } finally {
      db.close();
    }
  }
}

/** Resolves with `work`'s outcome, or rejects once `ms` have passed: a client-side time limit. */
export async function within<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Figures a scenario measured (not asserted: speed belongs to reports), printed and written to
 * `<LAB_BENCH_DIR>/chaos-<scenario>.json`.
 */
export function reportFigures(benchDir: string, scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(benchDir, { recursive: true });
  const report = { scenario, at: new Date().toISOString(), ...figures };
  writeFileSync(join(benchDir, `chaos-${scenario}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`[chaos] ${scenario}: ${JSON.stringify(figures)}\n`);
}
