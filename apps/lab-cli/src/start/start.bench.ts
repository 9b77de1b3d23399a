import { BenchReport, BenchRow, machineEnvironment, summarize, type SuiteContext } from '@lab/bench';
import type { LabConfig } from '@lab/config';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childEnvironment } from '../lab/user-environment';

const FLOOR = 'node -e: an empty HTTP server answers (floor)';
const API_ONLY = 'node dist/apps/control-api/main.js → /health 200';
const NPM_START = 'npm start, prepared → /health 200';
const HEALTHY_WITHIN_MS = 120_000;
/** The uncounted first start may build the API and the web app (minutes on a busy machine). */
const PREPARED_WITHIN_MS = 900_000;
const POLL_MS = 10;

/** The floor: the least any Node HTTP server needs from `spawn` to its first answer on this machine now. */
const EMPTY_SERVER =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

/**
 * `npm run bench -- start`: from the command to the first `/health` 200, for `npm start` with
 * everything prepared (engine running, images and builds unchanged: one start first makes sure of
 * that and is not counted), for the API bundle alone (what the start adds before it), and for an
 * empty Node HTTP server as the floor, interleaved run by run so the machine's load hits all three
 * alike. They share one data directory (migrated by the first start), each on its own port; their
 * output goes to a file.
 */
export async function startSuite(context: SuiteContext, config: LabConfig): Promise<BenchReport> {
  const { log } = context;
  const runs = Math.max(5, context.runs);
  const started = Date.now();
  const logFile = resolve(config.benchDir, `start-${randomBytes(3).toString('hex')}.log`);
  const samples = new Map<string, number[]>();
  const variants: { name: string; command: string[]; floor?: string }[] = [
    { name: FLOOR, command: [process.execPath, '-e', EMPTY_SERVER] },
    { name: API_ONLY, command: [process.execPath, 'dist/apps/control-api/main.js'], floor: FLOOR },
    { name: NPM_START, command: ['npm', 'start'], floor: FLOOR },
  ];
  for (const variant of variants) samples.set(variant.name, []);
  // One data directory for every start, as a lab that ran before has: its migrations are applied.
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-bench-start-'));
  const start = (command: string[], withinMs = HEALTHY_WITHIN_MS) =>
    timeToHealthy(command, { logFile, dataDir, examplesDir: config.examplesDir, withinMs });
  log('preparing once (not counted): npm start until healthy');
  try {
    await start(['npm', 'start'], PREPARED_WITHIN_MS);
    for (let run = 1; run <= runs; run += 1) {
      for (const variant of variants) {
        const ms = await start(variant.command);
        samples.get(variant.name)?.push(ms);
        log(`run ${run}/${runs} ${variant.name}: ${ms.toFixed(0)} ms`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const rows: BenchRow[] = variants.map((variant) => ({
    name: variant.name,
    summary: summarize(samples.get(variant.name) ?? []),
    ...(variant.floor ? { floor: variant.floor } : {}),
  }));
  return {
    suite: 'start',
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    environment: machineEnvironment({ runs }),
    rows,
    notes: [
      'From spawning the command to the first 200 of /health (the floor: of /), polled every 10 ms; goal for npm start ≤ 3 s.',
      `npm start includes npm itself, its prestart (docker/engine.sh) and bin/start.cjs's check that images and builds are unchanged; output of every start: ${logFile}.`,
    ],
  };
}

/** Spawns `command` in its own process group, polls until it answers 200, then stops the whole group. */
async function timeToHealthy(
  command: string[],
  {
    logFile,
    dataDir,
    examplesDir,
    withinMs,
  }: { logFile: string; dataDir: string; examplesDir: string; withinMs: number },
): Promise<number> {
  const port = await freePort();
  const output = openSync(logFile, 'a');
  const [file, ...args] = command as [string, ...string[]];
  const begin = performance.now();
  const child = spawn(file, args, {
    // The bench's own environment (PATH for npm, the lab's settings, as a user's start has them).
    env: childEnvironment({
      PORT: String(port),
      LAB_DATA_DIR: dataDir,
      LAB_EXAMPLES_DIR: resolve(examplesDir),
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', output, output],
    detached: true,
  });
  try {
    const path = command.includes('-e') ? '/' : '/health';
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited (${child.exitCode}); see ${logFile}`);
      if (performance.now() - begin > withinMs) throw new Error(`${command.join(' ')} not healthy in time`);
      const status = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return performance.now() - begin;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  } finally {
    await stopGroup(child);
    closeSync(output);
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM');
  const late = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(late);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
