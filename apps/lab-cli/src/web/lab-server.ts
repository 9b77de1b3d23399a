import { createLabClient, expectData, type LabClient, type LabSchemas } from '@lab/api-client';
import { ControlApiProcess, ensureControlApiBundle } from '@lab/bench/suites/classroom/api-process';
import { pollUntil } from '@lab/bench/suites/classroom/poll';
import type { LabConfig } from '@lab/config';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WEB_SOURCES = 'apps/web';
export const WEB_BUILD = 'dist/web';

type Sandbox = LabSchemas['SandboxDto'];

/** Builds the web app into dist/web unless the build is newer than every source of it (or `force`). */
export function ensureWebBuild(log: (line: string) => void, force = false): void {
  const index = join(WEB_BUILD, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (!force && built >= Math.max(newestChange(WEB_SOURCES), newestChange('libs/api-client/src'))) {
    log(`${WEB_BUILD} is up to date`);
    return;
  }
  log(`building ${WEB_BUILD} (npx vite build ${WEB_SOURCES})`);
  execFileSync('npx', ['vite', 'build', WEB_SOURCES], { stdio: 'pipe', timeout: 300_000 });
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/**
 * A control API of its own for a browser-driven run (screenshots, the web bench): the production
 * bundle as a process with a fresh state database and admin token, serving this checkout's
 * dist/web, on the lab's engine and image kit. Everything it launched is removed by `close()`.
 */
export class BrowserLab {
  private readonly tokens = new Map<string, string>();

  private constructor(
    private readonly process: ControlApiProcess,
    private readonly dataDir: string,
    readonly adminToken: string,
    private readonly log: (line: string) => void,
  ) {}

  get base(): string {
    return this.process.base;
  }

  static async start(config: LabConfig, log: (line: string) => void): Promise<BrowserLab> {
    ensureWebBuild(log);
    ensureControlApiBundle(log);
    const dataDir = mkdtempSync(join(tmpdir(), 'lab-browser-'));
    const adminToken = `browser-admin-${randomBytes(24).toString('base64url')}`;
    // Exactly what the API needs to reach the lab's engine and images (like the classroom bench),
    // with a state database and admin token of its own.
    const env: Record<string, string> = {
      LAB_DATA_DIR: dataDir,
      LAB_ADMIN_TOKEN: adminToken,
      LAB_WEB_DIR: resolve(WEB_BUILD),
      LAB_EXAMPLES_DIR: resolve(config.examplesDir),
      LAB_IMAGE_KIT: resolve(config.imageKitPath),
      LAB_IMAGE_MODE: config.imageMode,
      LAB_EGRESS: config.egress,
      DOCKER_SOCKET: config.docker.socketPath,
      LAB_DOCKER_TIMEOUT_MS: String(config.docker.callTimeoutMs),
      LAB_IMAGE_TIMEOUT_MS: String(config.docker.imageTimeoutMs),
      // Pages poll and reload many times in a minute.
      LAB_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
    };
    try {
      const api = await ControlApiProcess.start(env);
      log(`control API up at ${api.base} (data ${dataDir})`);
      return new BrowserLab(api, dataDir, adminToken, log);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The typed client with a token (the admin's by default). */
  client(token: string = this.adminToken): LabClient {
    return createLabClient({ baseUrl: this.base, token });
  }

  /** One token per role and name, issued once. */
  async token(role: 'student' | 'leader' | 'admin', name: string = role): Promise<string> {
    if (role === 'admin') return this.adminToken;
    const key = `${role}:${name}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = (await expectData(this.client().POST('/api/tokens', { body: { name, role } }))).token;
      this.tokens.set(key, token);
    }
    return token;
  }

  /** Launches `example` as `token` and waits until it is ready (fails on `failed`). */
  async launch(example: string, token: string): Promise<Sandbox> {
    const client = this.client(token);
    const { id } = await expectData(client.POST('/api/sandboxes', { body: { example } }));
    this.log(`launched ${example} (${id}); waiting until it is ready`);
    const { value } = await pollUntil(
      async () => {
        const sandbox = await expectData(client.GET('/api/sandboxes/{id}', { params: { path: { id } } }));
        if (sandbox.state === 'failed') throw new Error(`sandbox ${id} failed: ${sandbox.reason ?? 'no reason'}`);
        return sandbox;
      },
      (sandbox) => sandbox.state === 'ready',
      { timeoutMs: 300_000, intervalMs: 500, what: `${example} to be ready` },
    );
    return value;
  }

  /** Removes every sandbox and workshop this API made (its state is its own), then stops it. */
  async close(): Promise<void> {
    try {
      const admin = this.client();
      const workshops = await expectData(admin.GET('/api/workshops')).catch(() => []);
      for (const workshop of workshops) {
        if (!workshop.endedAt) await admin.DELETE('/api/workshops/{id}', { params: { path: { id: workshop.id } } });
      }
      const live = (await expectData(admin.GET('/api/sandboxes')).catch(() => [] as Sandbox[])).filter(
        (sandbox) => sandbox.state !== 'deleted',
      );
      for (const sandbox of live) {
        await admin.DELETE('/api/sandboxes/{id}', { params: { path: { id: sandbox.id } } });
      }
      if (live.length > 0) {
        this.log(`removing ${live.length} sandbox(es)`);
        await pollUntil(
          () => expectData(admin.GET('/api/sandboxes')),
          (all) => all.every((sandbox) => sandbox.state === 'deleted'),
          { timeoutMs: 180_000, intervalMs: 500, what: 'every sandbox to be removed' },
        );
      }
    } finally {
      await this.process.stop();
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
