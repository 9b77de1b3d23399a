import { expectData } from '@lab/api-client';
import type { SandboxStatus } from '@lab/runtime';
import { SandboxView } from '../control-api/support/api-client';
import { waitFor } from '../support/wait-for';
import { ChaosLab, reportFigures, SETTLED_STATES, within } from './support/chaos-lab';
import { Dockerd, restartableDockerd, startDockerd, stopDockerd } from './support/docker-engine';

const SANDBOXES = 10;
/** "Quickly": the API's own engine probe gives up after 2 s; a little more for the request itself. */
const ANSWER_WITHIN_MS = 3_000;
const SAMPLE_EVERY_MS = 250;

const dockerd = restartableDockerd();
const restartable = typeof dockerd !== 'string';
const why = typeof dockerd === 'string' ? dockerd : '';

// The Docker engine restarted (SIGTERM, as `systemctl restart docker` does) with 10 sandboxes
// running. Without live-restore the engine stops every container; their databases lived on tmpfs,
// so what the students had is gone. While the engine is down the API answers at once: /health 503,
// a launch 503 with Retry-After, reads from its own state 200. Once it is back, every sandbox is
// `failed` with a reason (the product's choice: calling a fresh, empty database `ready` would hide
// the loss; a delete and a new launch give a seeded one) — or `ready` with running containers,
// should a sandbox have survived — and the API launches again.
//
// It stops every container on the engine: run this file alone, under the exclusive Docker lock
// (`flock -x /tmp/lab-docker.lock npx jest test/chaos/engine-restart.chaos-spec.ts`) on a shared machine.
const title = restartable
  ? 'chaos: the Docker engine restarts with 10 sandboxes running'
  : `chaos: the Docker engine restarts with 10 sandboxes running — skipped: this engine cannot be restarted here (${why})`;

(restartable ? describe : describe.skip)(title, () => {
  // The default sweep period (30 s): the states must follow from the engine's own events, not a fast sweep.
  const chaos = new ChaosLab({ LAB_RECONCILE_SECONDS: '30' });
  const engine = dockerd as Dockerd;
  let engineStopped = false;

  afterAll(async () => {
    // Whatever failed, the engine must run again: every other test on this machine needs it.
    if (engineStopped) await startDockerd(engine);
    await chaos.cleanup();
  });

  it('answers quickly while the engine is down, and every sandbox is ready or failed with a reason after', async () => {
    const client = await chaos.start();
    const token = chaos.adminToken;
    const ids = await chaos.launchAll('chaos-sql', SANDBOXES);
    await chaos.waitForAll(ids, (sandbox) => sandbox.state === 'ready');

    // /health throughout: from the SIGTERM until it says 200 again.
    const health: { status: string; engine: 'stopping' | 'down' | 'starting' }[] = [];
    let phase: 'stopping' | 'down' | 'starting' = 'stopping';
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const next = new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
        const engineWas = phase;
        const status = await within(ANSWER_WITHIN_MS, 'GET /health', async (signal) =>
          String((await fetch(`${chaos.api!.base}/health`, { signal })).status),
        ).catch((error: unknown) => String(error));
        health.push({ status, engine: engineWas });
        await next;
      }
    })();

    const stopped = performance.now();
    let engineBack: number | undefined;
    let during: { launch: Response; read: Response; logs: Response } | undefined;
    let atEngineExit: { ready: number; failed: number } | undefined;
    try {
      engineStopped = true;
      await stopDockerd(engine);
      phase = 'down';
      const rows = chaos.rows();
      atEngineExit = {
        ready: rows.filter((row) => row.state === 'ready').length,
        failed: rows.filter((row) => row.state === 'failed').length,
      };
      // Requests while it is down: each answers within the bound (`within` rejects otherwise).
      during = {
        launch: await within(ANSWER_WITHIN_MS, 'POST /api/sandboxes', () =>
          client.call('POST', 'sandboxes', { token, body: { example: 'chaos-sql' } }),
        ),
        read: await within(ANSWER_WITHIN_MS, 'GET /api/sandboxes/:id', () =>
          client.call('GET', `sandboxes/${ids[0]}`, { token }),
        ),
        logs: await within(ANSWER_WITHIN_MS, 'GET /api/sandboxes/:id/logs', () =>
          client.call('GET', `sandboxes/${ids[0]}/logs`, { token }),
        ),
      };
      // A few more /health samples while nothing answers on the engine's socket.
      await waitFor(() => health.filter((sample) => sample.engine === 'down').length >= 4, 20_000);
      phase = 'starting';
      await startDockerd(engine);
      engineStopped = false;
      engineBack = performance.now();
      await waitFor(() => health.at(-1)?.status === '200', 60_000);
    } finally {
      sampling = false;
      await sampler;
    }

    // Every sandbox settles: ready with everything running, or failed with a reason.
    let sandboxes: SandboxView[] = [];
    await waitFor(
      () => sandboxes.every((sandbox) => SETTLED_STATES.includes(sandbox.state)),
      120_000,
      async () => {
        sandboxes = await Promise.all(
          ids.map((id) => expectData(client.as(token).GET('/api/sandboxes/{id}', { params: { path: { id } } }))),
        );
      },
    );
    const settledSeconds = (performance.now() - engineBack!) / 1_000;
    const statuses = new Map((await chaos.statuses()).map((status) => [status.id, status]));
    const settled = sandboxes.map((sandbox) => describeSettled(sandbox, statuses.get(sandbox.id)));

    // While it was down: /health said 503 every time, quickly; the launch was refused to be retried.
    expect(health.filter((sample) => sample.engine === 'down').map((sample) => sample.status)).toEqual(
      health.filter((sample) => sample.engine === 'down').map(() => '503'),
    );
    expect(health.filter((sample) => !['200', '503'].includes(sample.status))).toEqual([]);
    expect(during?.launch.status).toBe(503);
    expect(during?.launch.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during?.read.status).toBe(200);
    expect(during?.logs.status).toBe(503);
    // After: every sandbox ready (all running) or failed with a reason; nothing else.
    expect(settled.filter((line) => !['ready: running', 'failed: has a reason'].includes(line))).toEqual([]);

    // And the API is fully back: a launch works, every sandbox can be deleted, nothing is left.
    const [fresh] = await chaos.launchAll('chaos-sql', 1);
    expect((await client.waitForSandbox(token, fresh!, (s) => s.state !== 'provisioning')).state).toBe('ready');
    for (const id of [...ids, fresh!])
      await expectData(client.as(token).DELETE('/api/sandboxes/{id}', { params: { path: { id } } }));
    await chaos.waitForAll([...ids, fresh!], (sandbox) => sandbox.state === 'deleted');
    expect(await chaos.objects()).toEqual({ containers: [], networks: [], volumes: [] });

    reportFigures(chaos.lab.config.benchDir, 'engine-restart', {
      sandboxes: SANDBOXES,
      engineDownSeconds: round((engineBack! - stopped) / 1_000),
      healthSamples: health.length,
      healthSamplesWhileDown: health.filter((sample) => sample.engine === 'down').length,
      atEngineExit,
      engineBackToSettledSeconds: round(settledSeconds),
      afterRestart: {
        ready: sandboxes.filter((s) => s.state === 'ready').length,
        failed: sandboxes.filter((s) => s.state === 'failed').length,
        reasons: [...new Set(sandboxes.map((s) => s.reason).filter(Boolean))],
      },
    });
  }, 420_000);
});

/** `ready: <state of each container>` or `failed: has a reason` (or what else it is). */
function describeSettled(sandbox: SandboxView, status: SandboxStatus | undefined): string {
  if (sandbox.state === 'ready') return `ready: ${status?.services.map((service) => service.state).join(',')}`;
  return `${sandbox.state}: ${sandbox.reason ? 'has a reason' : 'no reason'}`;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
