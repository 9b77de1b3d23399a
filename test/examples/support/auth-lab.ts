import {
  compileSandbox,
  connectionUrl,
  exampleManifestSchema,
  type ExampleManifest,
  type LabTarget,
} from '@lab/catalog';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import { createTestLab, type TestLab } from '../../support/lab-runtime';

const REPO_ROOT = resolve(__dirname, '../../..');
/** Where `nest build auth` / `nest build auth-provider` put their webpack bundles. */
export const APP_BUNDLE = resolve(REPO_ROOT, 'dist/examples/auth/main.js');
export const PROVIDER_BUNDLE = resolve(REPO_ROOT, 'dist/examples/auth/provider/main.js');

export function loadAuthManifest(): ExampleManifest {
  return exampleManifestSchema.parse(parse(readFileSync(resolve(REPO_ROOT, 'examples/auth/lab.yaml'), 'utf8')));
}

/**
 * Builds both bundles the way the lab-apps image does. They run under plain Node (not jest, not
 * tsx): jose, openid-client and oidc-provider are ESM-only, which jest on Node 20 cannot load, and
 * tsx emits no decorator metadata, which the validation pipe needs to know a body's DTO class.
 */
export function buildAuthBundles(): void {
  const nest = resolve(REPO_ROOT, 'node_modules/.bin/nest');
  for (const project of ['auth', 'auth-provider']) {
    execFileSync(nest, ['build', project], { cwd: REPO_ROOT, stdio: 'pipe' });
  }
}

export interface AuthSandbox {
  lab: TestLab;
  manifest: ExampleManifest;
  secrets: Record<string, string>;
  appUrl: string;
  providerUrl: string;
  /** For runLabCheck/applyLabAction: the app and the stores with the student's credentials. */
  target: LabTarget;
  /** The env the app was started with (lab.yaml's, pointed at this machine). */
  appEnv: Record<string, string>;
  restartApp: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The auth example as its manifest describes it: PostgreSQL and Redis as real containers of the
 * image kit (with the manifest's env, command and secrets), the provider and the app as child
 * processes of the built bundles, with the manifest's env where `service:port` is rewritten to
 * where each service is reachable from this machine.
 */
export async function startAuthSandbox(overrides: Record<string, string> = {}): Promise<AuthSandbox> {
  const lab = createTestLab();
  const manifest = loadAuthManifest();
  const compiled = compileSandbox(manifest, 'tester');
  const stores = compiled.spec.services.filter((s) => s.name === 'postgres' || s.name === 'redis');
  const sandbox = await lab.runtime.provision(
    lab.sandboxId('auth'),
    { ...compiled.spec, services: stores.map((s) => ({ ...s, dependsOn: [] })) },
    { labels: lab.labels },
  );

  const [appPort, providerPort] = [await freePort(), await freePort()];
  const hosts: Record<string, string> = {
    'app:3000': `127.0.0.1:${appPort}`,
    'provider:4000': `127.0.0.1:${providerPort}`,
  };
  const connections: Record<string, string> = {};
  for (const service of sandbox.services) {
    for (const [inner, outer] of Object.entries(service.ports)) {
      hosts[`${service.name}:${inner}`] = `${service.host}:${outer}`;
    }
    const connection = compiled.connections.find((c) => c.service === service.name)!;
    connections[service.name] = connectionUrl(connection, service.host, service.ports[connection.port]!);
  }
  const envOf = (name: string, extra: Record<string, string>) => {
    const service = compiled.spec.services.find((s) => s.name === name)!;
    const env = Object.fromEntries(Object.entries(service.env ?? {}).map(([k, v]) => [k, localize(v, hosts)]));
    return { ...env, ...extra };
  };

  const provider = await startBundle(
    PROVIDER_BUNDLE,
    envOf('provider', { PORT: String(providerPort), HOST: '127.0.0.1' }),
    'line',
  );
  const appEnv = envOf('app', { PORT: String(appPort), ...overrides });
  const appUrl = `http://127.0.0.1:${appPort}`;
  let app = await startBundle(APP_BUNDLE, appEnv, `${appUrl}/health`);

  return {
    lab,
    manifest,
    secrets: compiled.secrets,
    appUrl,
    providerUrl: `http://127.0.0.1:${providerPort}`,
    target: { appUrl, connections },
    appEnv,
    async restartApp() {
      await stopChild(app);
      app = await startBundle(APP_BUNDLE, appEnv, `${appUrl}/health`);
    },
    async stop() {
      await stopChild(app);
      await stopChild(provider);
    },
  };
}

/** `http://provider:4000/x` → `http://127.0.0.1:<port>/x`, for every service:port this test runs. */
export function localize(value: string, hosts: Record<string, string>): string {
  return Object.entries(hosts).reduce(
    (text, [inner, outer]) => text.split(`@${inner}`).join(`@${outer}`).split(`//${inner}`).join(`//${outer}`),
    value,
  );
}

/**
 * Starts a bundle with plain `node` and waits until it is ready: its first stdout line (the
 * provider prints one) or a 200 from a health URL (polled; no time is asserted).
 */
async function startBundle(bundle: string, env: Record<string, string>, ready: 'line' | string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bundle], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${bundle} exited with ${code} before it was ready:\n${output}`))),
  );
  exited.catch(() => undefined);
  if (ready === 'line') {
    const lines = createInterface({ input: child.stdout! });
    await Promise.race([new Promise((resolveLine) => lines.once('line', resolveLine)), exited]);
    return child;
  }
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const healthy = await Promise.race([
      fetch(ready).then(
        (response) => response.status === 200,
        () => false,
      ),
      exited,
    ]);
    if (healthy) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${bundle} did not become healthy:\n${output}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}
