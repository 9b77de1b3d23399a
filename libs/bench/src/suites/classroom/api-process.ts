import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pollUntil } from './poll';

/** The production bundle (what `npm start` runs), relative to the repository root. */
export const CONTROL_API_BUNDLE = 'dist/apps/control-api/main.js';

/** What goes into the bundle (one list for every build of it): a newer file here means the bundle is stale. */
const BUNDLE_INPUTS_FILE = 'apps/control-api/bundle-inputs.json';
const NOT_IN_BUNDLE = new Set(['node_modules', 'bench', 'testing']);

/** Builds the control API bundle unless it is newer than every source it is made of. */
export function ensureControlApiBundle(log: (line: string) => void): void {
  const built = existsSync(CONTROL_API_BUNDLE) ? statSync(CONTROL_API_BUNDLE).mtimeMs : 0;
  const sources = (JSON.parse(readFileSync(BUNDLE_INPUTS_FILE, 'utf8')) as { inputs: string[] }).inputs;
  const newest = Math.max(...sources.map(newestChange));
  if (built >= newest) {
    log(`${CONTROL_API_BUNDLE} is up to date`);
    return;
  }
  log(`building ${CONTROL_API_BUNDLE} (npx nest build control-api)`);
  execFileSync('npx', ['nest', 'build', 'control-api'], { stdio: 'pipe', timeout: 300_000 });
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (NOT_IN_BUNDLE.has(entry) || entry.endsWith('.spec.ts')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const OUTPUT_KEPT = 20_000;

/** The control API bundle as a child process with exactly the environment it is given. */
export class ControlApiProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
    private readonly logFile?: WriteStream,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEPT);
      logFile?.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * Starts the bundle on a free port and waits until /health answers 200. With `logFile`, all it
   * prints is appended there too (the bench's screen shows only the report).
   */
  static async start(env: Record<string, string>, options: { logFile?: string } = {}): Promise<ControlApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [CONTROL_API_BUNDLE], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logFile = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    const api = new ControlApiProcess(child, `http://127.0.0.1:${port}`, logFile);
    try {
      await pollUntil(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`the control API exited (${child.exitCode ?? child.signalCode}): ${api.tail()}`);
          return fetch(`${api.base}/health`).then(
            (response) => response.status === 200,
            () => false,
          );
        },
        (healthy) => healthy,
        { timeoutMs: 60_000, intervalMs: 200, what: 'the control API to answer /health' },
      );
    } catch (error) {
      await api.stop();
      throw error;
    }
    return api;
  }

  /** The last lines it printed (for error messages). */
  tail(characters = 4_000): string {
    return this.output.slice(-characters);
  }

  /** SIGTERM (Nest closes the app), SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.logFile?.end();
      return;
    }
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const outcome = await Promise.race([this.exited.then(() => 'exited' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    await new Promise<void>((resolve) => (this.logFile ? this.logFile.end(resolve) : resolve()));
  }
}
