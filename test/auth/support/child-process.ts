import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = resolve(__dirname, '../../..');

export interface RunningChild<T> {
  /** The JSON line the child printed once it was ready. */
  ready: T;
  stop: () => Promise<void>;
}

/**
 * Runs a TypeScript entry point under tsx in its own Node process and waits for its first stdout
 * line (JSON). Used for the code that needs ESM-only packages, which Node loads natively but
 * jest's module system on Node 20 cannot.
 */
export async function startTsChild<T>(script: string, args: string[]): Promise<RunningChild<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<T>((resolveReady, reject) => {
    lines.once('line', (line) => resolveReady(JSON.parse(line) as T));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`)));
  });
  return { ready, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
}

/**
 * A port nobody listens on right now. Needed when two services must know each other's URL before
 * either starts (the provider registers the app's redirect URI, the app needs the issuer).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}
