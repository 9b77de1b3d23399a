import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { spawnSync } from 'node:child_process';
import { createTestLab } from '../support/lab-runtime';
import { reapTestObjects } from '../support/reap-test-objects';
import { TEST_PID_LABEL } from '../support/test-labels';

// The global teardown's reaper on real objects: what a killed run left goes, what a live run or a
// developer's own API has stays.
describe('reaping what killed test runs left', () => {
  const lab = createTestLab();
  const { spec } = postgresRedisSpec();
  const redisOnly = { ...spec, services: spec.services.filter((s) => s.name === 'redis') };
  // A process that has ended: the stand-in for a test run killed with SIGKILL.
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  const ids = {
    killedRun: lab.sandboxId('killed-run'),
    killedApi: lab.sandboxId('killed-api'),
    liveRun: lab.sandboxId('live-run'),
    developer: lab.sandboxId('developer'),
  };

  afterAll(async () => {
    for (const id of Object.values(ids)) await lab.runtime.destroy(id);
    await lab.reap();
  });

  it('removes the sandboxes of a killed run and of its API, keeps those of live runs and developers', async () => {
    await lab.runtime.provision(ids.killedRun, redisOnly, {
      labels: { ...lab.labels, [TEST_PID_LABEL]: String(deadPid) },
    });
    // Launched by a control API a killed test started: only its instance id says so.
    await lab.runtime.provision(ids.killedApi, redisOnly, {
      labels: { 'lab.instance': `test-${deadPid}-0123456789ab` },
    });
    await lab.runtime.provision(ids.liveRun, redisOnly, { labels: lab.labels });
    await lab.runtime.provision(ids.developer, redisOnly, { labels: { 'lab.instance': 'i0123456789ab' } });

    const removed = await reapTestObjects(lab.docker, new Set());

    expect(removed).toEqual(expect.arrayContaining([ids.killedRun, ids.killedApi]));
    expect(removed).not.toContain(ids.liveRun);
    expect(removed).not.toContain(ids.developer);
    const none = { containers: 0, networks: 0, volumes: 0 };
    expect(await lab.leftovers(ids.killedRun)).toEqual(none);
    expect(await lab.leftovers(ids.killedApi)).toEqual(none);
    expect(await lab.leftovers(ids.liveRun)).toMatchObject({ containers: 1, networks: 1 });
    expect(await lab.leftovers(ids.developer)).toMatchObject({ containers: 1, networks: 1 });
  });

  it('removes the sandboxes of the run that just ended (its pid given as finished)', async () => {
    await lab.runtime.provision(ids.liveRun, redisOnly, { labels: lab.labels });
    const removed = await reapTestObjects(lab.docker, new Set([process.pid]));
    expect(removed).toContain(ids.liveRun);
    expect(removed).not.toContain(ids.developer);
    expect(await lab.leftovers(ids.liveRun)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
