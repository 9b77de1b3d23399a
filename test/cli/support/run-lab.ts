import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The real executable, as `npx lab` runs it. */
export const LAB_BIN = resolve('bin/lab.cjs');

/** The test run's PATH (node, psql…): all that a `lab` under test inherits from it. */
// eslint-disable-next-line no-restricted-syntax -- the PATH of the test run, not lab configuration
export const TEST_PATH = process.env.PATH ?? '/usr/bin:/bin';

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A user of `lab`: a home and config folder of its own; only PATH comes from the test run. */
export class LabUser {
  private static readonly homes: string[] = [];
  readonly home = mkdtempSync(join(tmpdir(), 'lab-cli-home-'));

  constructor() {
    LabUser.homes.push(this.home);
  }

  /** Removes the home folder of every user made so far (afterAll). */
  static removeAll(): void {
    for (const home of LabUser.homes.splice(0)) rmSync(home, { recursive: true, force: true });
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: TEST_PATH, HOME: this.home, XDG_CONFIG_HOME: join(this.home, 'config'), ...extra };
  }

  /** Starts `lab args…` (asynchronously: the API under test runs in this process). */
  spawn(args: string[], options: { input?: string; env?: Record<string, string> } = {}): ChildProcess {
    const child = spawn(LAB_BIN, args, { env: this.env(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.end(options.input ?? '');
    return child;
  }

  /** Runs `lab args…` to its end. */
  run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<LabRun> {
    const child = this.spawn(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done, fail) => {
      child.once('error', fail);
      child.once('close', (code) => done({ code, stdout, stderr }));
    });
  }

  /** `lab --json args…`, its stdout parsed. */
  async json(args: string[]): Promise<{ code: number | null; value: unknown; stderr: string }> {
    const result = await this.run(['--json', ...args]);
    let value: unknown;
    try {
      value = JSON.parse(result.stdout);
    } catch {
      throw new Error(`lab ${args.join(' ')} printed no JSON (exit ${result.code}): ${result.stdout}${result.stderr}`);
    }
    return { code: result.code, value, stderr: result.stderr };
  }
}
