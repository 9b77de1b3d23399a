import { ChaosLab, reportFigures, SETTLED_STATES } from './support/chaos-lab';
import { waitFor } from '../support/wait-for';

const LAUNCHES = 20;

// kill -9 of the API while 20 launches provision (four at a time, the default), then a restart on
// the same state: every sandbox the API answered 202 for still has its row, every row ends ready
// (the reconciler resumes the interrupted provisioning and adopts what exists), and no container
// or network is left that no row asks for. The time from the restart to that point is reported.
describe('chaos: kill -9 of the API during 20 concurrent launches', () => {
  const chaos = new ChaosLab();
  let accepted: string[] = [];
  let atCrash: { ready: number; provisioning: number; containers: number } | undefined;

  afterAll(() => chaos.cleanup());

  it('is killed with -9 while the launches provision', async () => {
    await chaos.start();
    accepted = await chaos.launchAll('chaos-sql', LAUNCHES);
    expect(new Set(accepted).size).toBe(LAUNCHES);
    // Crash once the engine is part-way: some containers exist, most sandboxes are not ready.
    let containers = 0;
    await waitFor(
      () => containers >= 2,
      60_000,
      async () => {
        containers = (await chaos.objects()).containers.length;
      },
    );
    expect(await chaos.api!.kill9()).toEqual({ code: null, signal: 'SIGKILL' });
    const rows = chaos.rows();
    atCrash = {
      ready: rows.filter((row) => row.state === 'ready').length,
      provisioning: rows.filter((row) => row.state === 'provisioning').length,
      containers: (await chaos.objects()).containers.length,
    };
    expect(atCrash.provisioning).toBeGreaterThan(0);
  });

  it('after the restart: 0 lost rows, every sandbox ready, 0 orphaned containers or networks', async () => {
    const restarted = performance.now();
    await chaos.start();
    const bootSeconds = (performance.now() - restarted) / 1_000;
    let converged = false;
    await waitFor(
      () => converged,
      180_000,
      async () => {
        converged = await hasConverged(chaos);
      },
    );
    const convergeSeconds = (performance.now() - restarted) / 1_000;

    const rows = chaos.rows();
    // No lost rows: exactly the sandboxes that were accepted, each once.
    expect(rows.map((row) => row.id)).toEqual([...accepted].sort());
    expect(rows.filter((row) => row.state !== 'ready')).toEqual([]);
    // No orphans, and one running container and one network per sandbox (adopted, not duplicated).
    expect(await chaos.orphans()).toEqual({ containers: [], networks: [], volumes: [] });
    const objects = await chaos.objects();
    expect(objects.containers).toEqual([...accepted].sort());
    expect(objects.networks).toEqual([...accepted].sort());
    const statuses = await chaos.statuses();
    expect(statuses.flatMap((status) => status.services.map((service) => service.state))).toEqual(
      Array(LAUNCHES).fill('running'),
    );

    reportFigures(chaos.lab.config.benchDir, 'crash-during-launches', {
      launches: LAUNCHES,
      atCrash,
      restartToHealthySeconds: round(bootSeconds),
      restartToConvergedSeconds: round(convergeSeconds),
    });
  }, 240_000);
});

/** Every row ready or failed, and no container or network that no row asks for. */
async function hasConverged(chaos: ChaosLab): Promise<boolean> {
  if (!chaos.rows().every((row) => SETTLED_STATES.includes(row.state))) return false;
  const orphans = await chaos.orphans();
  return orphans.containers.length === 0 && orphans.networks.length === 0;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
