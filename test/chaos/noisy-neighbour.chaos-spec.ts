import type { ExecResult } from '@lab/runtime';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SandboxView } from '../control-api/support/api-client';
import { ChaosLab, reportFigures, within } from './support/chaos-lab';

/** A memory hog and a fork bomb, run inside the hog's sandbox container. */
const NOISY_SANDBOX = readFileSync(join(__dirname, 'support/noisy-sandbox.sh'), 'utf8');
/** How long the fork bomb and the memory hog run together. */
const CHAOS_SECONDS = 15;
/** The bound: the neighbour and the API keep answering within 1 s. */
const ANSWER_WITHIN_MS = 1_000;
const SAMPLE_EVERY_MS = 250;

// In one sandbox (pids limit 64, 256 MB, half a CPU) a fork bomb and a memory hog run together;
// meanwhile a neighbour sandbox's PostgreSQL answers `SELECT 1` on a new connection, and the API's
// /health answers, each within 1 s every time. The hog's own sandbox is the one that suffers: its
// processes find the pids limit (fork fails) and the kernel OOM-kills in its memory cgroup.
describe('chaos: a fork bomb and a memory hog in one sandbox', () => {
  const chaos = new ChaosLab();

  afterAll(() => chaos.cleanup());

  it('harm only their own sandbox: the neighbour and /health answer within 1 s throughout', async () => {
    await chaos.start();
    const [hogId, neighbourId] = await chaos.launchAll('chaos-sql', 2);
    const [hog, neighbour] = await chaos.waitForAll([hogId!, neighbourId!], (s) => s.state === 'ready');

    const samples = { select: [] as string[], health: [] as string[] };
    let running = true;
    const sample = async (into: string[], probe: () => Promise<string>) => {
      while (running) {
        const next = new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
        into.push(await probe().catch((error: unknown) => String(error)));
        await next;
      }
    };
    const samplers = [
      sample(samples.select, () => selectOne(neighbour!)),
      sample(samples.health, () => health(chaos.api!.base)),
    ];

    const started = performance.now();
    const { runtime } = chaos.lab;
    let chaosRun: ExecResult;
    try {
      chaosRun = await runtime.exec(
        hog!.id,
        hog!.services[0]!.name,
        ['bash', '-c', NOISY_SANDBOX, 'bash', `${CHAOS_SECONDS}`],
        {
          timeoutMs: (CHAOS_SECONDS + 60) * 1_000,
        },
      );
    } finally {
      running = false;
      await Promise.all(samplers);
    }
    const chaosSeconds = (performance.now() - started) / 1_000;

    // The hog's sandbox hit its own limits (the kernel's counters of its cgroups say so)…
    expect(chaosRun.stdout).toMatch(/oom kills before the bomb: [1-9]/);
    const hogLimits = await limitCounters(chaos, hog!);
    expect(hogLimits.oomKills).toBeGreaterThan(0);
    expect(hogLimits.forkFailures).toBeGreaterThan(0);
    expect(await limitCounters(chaos, neighbour!)).toEqual({ oomKills: 0, forkFailures: 0 });
    // …and nothing else did: every sample answered within the bound, the neighbour is untouched.
    expect(samples.select.filter((outcome) => outcome !== 'ok')).toEqual([]);
    expect(samples.health.filter((outcome) => outcome !== '200')).toEqual([]);
    expect(samples.select.length).toBeGreaterThan(CHAOS_SECONDS);
    expect((await runtime.inspect(neighbour!.id))?.services.map((service) => service.state)).toEqual(['running']);

    reportFigures(chaos.lab.config.benchDir, 'noisy-neighbour', {
      chaosSeconds: Math.round(chaosSeconds * 10) / 10,
      selectSamples: samples.select.length,
      healthSamples: samples.health.length,
      hogOomKills: hogLimits.oomKills,
      hogForkFailures: hogLimits.forkFailures,
    });
  }, 180_000);
});

/**
 * The kernel's counters of the sandbox container's own cgroups: processes the OOM killer killed in
 * its memory cgroup, and forks refused at its pids limit (cgroup v1 paths, then v2's).
 */
async function limitCounters(
  chaos: ChaosLab,
  sandbox: SandboxView,
): Promise<{ oomKills: number; forkFailures: number }> {
  const read = (files: string[]) => `cat ${files.join(' ')} 2>/dev/null; true`;
  const { stdout } = await chaos.lab.runtime.exec(sandbox.id, sandbox.services[0]!.name, [
    'bash',
    '-c',
    `${read(['/sys/fs/cgroup/memory/memory.oom_control', '/sys/fs/cgroup/memory.events'])}; echo --; ` +
      read(['/sys/fs/cgroup/pids/pids.events', '/sys/fs/cgroup/pids.events']),
  ]);
  const [memory = '', pids = ''] = stdout.split('--');
  return {
    oomKills: Number(/^oom_kill (\d+)$/m.exec(memory)?.[1] ?? NaN),
    forkFailures: Number(/^max (\d+)$/m.exec(pids)?.[1] ?? NaN),
  };
}

/** `SELECT 1` on a fresh connection to the sandbox's PostgreSQL, connect included within the bound. */
async function selectOne(sandbox: SandboxView): Promise<string> {
  const service = sandbox.services[0]!;
  const client = new Client({
    host: service.host,
    port: service.port,
    user: service.username,
    password: service.password,
    database: service.database,
  });
  client.on('error', () => undefined); // a connection dropped after the bound is not this sample's concern
  try {
    return await within(ANSWER_WITHIN_MS, 'SELECT 1', async () => {
      await client.connect();
      const result = await client.query<{ one: number }>('SELECT 1 AS one');
      return result.rows[0]?.one === 1 ? 'ok' : `unexpected ${JSON.stringify(result.rows)}`;
    });
  } finally {
    void client.end().catch(() => undefined);
  }
}

async function health(base: string): Promise<string> {
  return within(ANSWER_WITHIN_MS, 'GET /health', async (signal) => {
    const response = await fetch(`${base}/health`, { signal });
    return String(response.status);
  });
}
