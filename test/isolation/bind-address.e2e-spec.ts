import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiProcess, BUNDLE, buildControlApi, freePort } from '../control-api/support/api-process';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { inNamespace, ip, tcpAnswers, tryIp } from './support/namespaces';

const ADMIN_TOKEN = 'isolation-admin-token-0123456789';

/** The bundle as a process (inside `namespace` when given), with its output kept and its exit awaited. */
class BundleProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(env: Record<string, string>, namespace?: string): BundleProcess {
    return new BundleProcess(
      namespace
        ? inNamespace(namespace, [process.execPath, BUNDLE], { env })
        : spawn(process.execPath, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  /** Resolves once the app logged that it listens (or rejects with its output when it exited). */
  async listening(): Promise<void> {
    await waitFor(() => this.stdout.includes('control API on http://') || this.child.exitCode !== null, 60_000);
    if (this.child.exitCode !== null) throw new Error(`the API exited: ${this.stderr}${this.stdout}`);
  }

  stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** HTTP status of GET `url` made from inside `namespace`, or the connection error's code. */
async function getFrom(namespace: string, url: string): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}, { signal: AbortSignal.timeout(3000) }).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.name))`;
  const child = inNamespace(namespace, [process.execPath, '-e', script]);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return out.trim();
}

// The production bundle (what `npm start` runs), built once for this file.
beforeAll(() => buildControlApi());

/**
 * Issue 9, item 4 (bind address) and the start-up check of item 1. The namespaces are this test's
 * own: a fresh one has an empty firewall — exactly "the policy is missing" — without touching the
 * rules that protect everyone else's sandboxes on this engine.
 */
describe('control API: bind address and the network-policy check at start', () => {
  const lab = createTestLab();
  const namespace = `lab-bind-test-${lab.runId}`;
  const lanAddress = '10.77.0.1'; // a non-loopback address inside the namespace
  const dataDirs: string[] = [];
  const running: { stop: () => Promise<unknown> }[] = [];

  function env(extra: Record<string, string> = {}): Record<string, string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'lab-bind-'));
    dataDirs.push(dataDir);
    return {
      LAB_DATA_DIR: dataDir,
      LAB_ADMIN_TOKEN: ADMIN_TOKEN,
      LAB_EXAMPLES_DIR: 'test/fixtures/examples',
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  beforeAll(() => {
    ip('netns', 'add', namespace);
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    // Both ends inside the namespace: it only needs an address that is not loopback.
    ip('-n', namespace, 'link', 'add', 'lbb0', 'type', 'veth', 'peer', 'name', 'lbb1');
    ip('-n', namespace, 'addr', 'add', `${lanAddress}/24`, 'dev', 'lbb0');
    ip('-n', namespace, 'link', 'set', 'lbb0', 'up');
    ip('-n', namespace, 'link', 'set', 'lbb1', 'up');
  });

  afterAll(async () => {
    for (const api of running) await api.stop();
    await lab.reap();
    tryIp('netns', 'del', namespace);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without the network policy, saying what is missing and what to do', async () => {
    const api = BundleProcess.start(env({ PORT: '3000' }), namespace);
    running.push(api);
    await expect(api.exited).resolves.toBe(78);
    expect(api.stderr).toMatch(/sandbox network policy is missing/);
    expect(api.stderr).toMatch(/the chain LAB-EGRESS does not exist/);
    expect(api.stderr).toMatch(/bash docker\/egress\.sh[\s\S]*LAB_EGRESS=open/);
    expect(api.stdout).not.toMatch(/control API on http/);
  });

  it('starts with LAB_EGRESS=open, warning loudly, and listens on 127.0.0.1 only by default', async () => {
    const api = BundleProcess.start(env({ PORT: '3001', LAB_EGRESS: 'open' }), namespace);
    running.push(api);
    await api.listening();
    expect(api.stderr).toMatch(/WARNING: LAB_EGRESS=open: the sandbox network policy is NOT checked/);
    await expect(getFrom(namespace, 'http://127.0.0.1:3001/health')).resolves.toBe('200');
    await expect(getFrom(namespace, `http://${lanAddress}:3001/health`)).resolves.toBe('ECONNREFUSED');
  });

  it('listens on LAB_HOST when set (and then not on loopback)', async () => {
    const api = BundleProcess.start(env({ PORT: '3002', LAB_EGRESS: 'open', LAB_HOST: lanAddress }), namespace);
    running.push(api);
    await api.listening();
    await expect(getFrom(namespace, `http://${lanAddress}:3002/health`)).resolves.toBe('200');
    await expect(getFrom(namespace, 'http://127.0.0.1:3002/health')).resolves.toBe('ECONNREFUSED');
  });

  it('on this host, with the policy installed, starts without LAB_EGRESS (the check passes)', async () => {
    execFileSync('bash', ['docker/egress.sh'], { stdio: 'pipe' });
    const api = await ApiProcess.start(env());
    running.push(api);
    expect(api.stderr).not.toMatch(/WARNING/);
    expect((await fetch(`${api.base}/health`)).status).toBe(200);
  });

  it('even on LAB_HOST=0.0.0.0 (the reported finding), a sandbox cannot reach the API on its gateway; the host can', async () => {
    const port = await freePort();
    const api = BundleProcess.start(env({ PORT: String(port), LAB_HOST: '0.0.0.0' }));
    running.push(api);
    await api.listening();
    const id = lab.sandboxId('bind');
    const { spec } = postgresRedisSpec();
    const sandbox = await lab.runtime.provision(id, { ...spec, services: [spec.services[1]!] }, { labels: lab.labels });
    const network = Object.values(
      (await lab.docker.inspectContainer(sandbox.services[0]!.containerId))!.NetworkSettings.Networks,
    )[0]!;
    await expect(tcpAnswers(network.Gateway, port)).resolves.toBe(true);
    const probe = await lab.runtime.exec(
      id,
      'redis',
      ['bash', '-c', 'timeout 2 bash -c "exec 3<>/dev/tcp/$0/$1"', network.Gateway, String(port)],
      { timeoutMs: 15_000 },
    );
    expect(probe.exitCode).not.toBe(0);
  });
});
