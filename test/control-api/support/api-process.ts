import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import buildControlApiBundle from '../../chaos/support/build-bundle';
import { waitFor } from '../../support/wait-for';

export const BUNDLE = 'dist/apps/control-api/main.js';

/**
 * The production bundle (what `npm start` runs), for a suite that needs a real process. In
 * `npm test`'s passes the global setup built it before any worker started; here it is only built
 * when older than its sources (a developer's run), so parallel suites never rewrite it.
 */
export function buildControlApi(): void {
  buildControlApiBundle();
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

/** The control API as its own process: killable with SIGKILL, like a crash. */
export class ApiProcess {
  stdout = '';
  stderr = '';
  private exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly base: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the bundle with `env` on a free port and waits until /health answers 200. */
  static async start(env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [BUNDLE], {
      // Only what the test gives: the environment of the test run must not leak into the app.
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`);
    let healthy = false;
    try {
      await waitFor(
        () => healthy,
        60_000,
        async () => {
          if (child.exitCode !== null)
            throw new Error(`the API exited with ${child.exitCode}: ${api.stderr}${api.stdout}`);
          healthy = await fetch(`${api.base}/health`).then(
            (response) => response.status === 200,
            () => false,
          );
        },
      );
    } catch (error) {
      // A /health that never answers must not leave the process behind.
      await api.kill9();
      throw error;
    }
    return api;
  }

  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill('SIGKILL');
    return this.exit!;
  }

  /** Graceful stop (SIGTERM): Nest closes the app, then re-raises the signal. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exit!;
  }
}
