import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** What floor-server.ts serves: see there. */
export const FLOOR_KINDS = ['node', 'nest-express', 'nest-fastify'] as const;
export type FloorKind = (typeof FLOOR_KINDS)[number];

const FLOOR_SERVER = join(__dirname, 'floor-server.ts');
const START_TIMEOUT_MS = 60_000;

export interface FloorProcess {
  base: string;
  stop(): Promise<void>;
}

/**
 * Starts a floor server (floor-server.ts) in a process of its own, through tsx as the bench itself
 * runs, answering `body`; resolves once it listens.
 */
export async function startFloorServer(kind: FloorKind, body: string): Promise<FloorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FLOOR_SERVER, kind, body], {
    env: { NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the ${kind} floor server ${why}: ${output.slice(-2_000)}`));
    };
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited (${code ?? signal})`);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /^listening (\d+)$/m.exec(output);
      if (listening) {
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        resolve(Number(listening[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', exitedEarly);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
