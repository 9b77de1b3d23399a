import { expectData } from '@lab/api-client';
import { ApiClient } from '../control-api/support/api-client';
import { waitFor } from '../support/wait-for';
import { ChaosLab, reportFigures } from './support/chaos-lab';

const CYCLES = 200;
/** Users launching and deleting at the same time (the API provisions four at a time, its default). */
const WORKERS = 8;
/** Every fourth cycle deletes right after the 202, while the sandbox is still provisioning. */
const DELETE_EARLY_EVERY = 4;

// 200 launch/delete cycles of the cheapest sandbox (one small Redis) through the API: most wait for
// `ready` before the delete, every fourth deletes while provisioning (the racy case). At the end every
// row is `deleted` and not one container, network or volume of this installation is left.
describe('chaos: 200 launch/delete cycles', () => {
  const chaos = new ChaosLab();

  afterAll(() => chaos.cleanup());

  it('leave 0 containers, networks and volumes behind', async () => {
    const client = await chaos.start();
    const started = performance.now();
    const outcomes: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < CYCLES) {
        const cycle = next++;
        outcomes.push(await launchAndDelete(client, chaos.adminToken, cycle % DELETE_EARLY_EVERY === 0));
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const cyclesSeconds = (performance.now() - started) / 1_000;

    // Deletions the reconciler finishes (e.g. one asked for before its provisioning started).
    let rows = chaos.rows();
    await waitFor(
      () => rows.every((row) => row.state === 'deleted'),
      60_000,
      async () => {
        rows = chaos.rows();
      },
    );
    const totalSeconds = (performance.now() - started) / 1_000;

    expect(rows).toHaveLength(CYCLES);
    // Every cycle that waited saw its sandbox ready; none failed.
    expect(outcomes.filter((outcome) => !['ready', 'deleted early'].includes(outcome))).toEqual([]);
    expect(await chaos.objects()).toEqual({ containers: [], networks: [], volumes: [] });

    reportFigures(chaos.lab.config.benchDir, 'launch-delete-cycles', {
      cycles: CYCLES,
      workers: WORKERS,
      deletedWhileProvisioning: outcomes.filter((outcome) => outcome === 'deleted early').length,
      cyclesSeconds: Math.round(cyclesSeconds * 10) / 10,
      untilAllDeletedSeconds: Math.round(totalSeconds * 10) / 10,
      cyclesPerMinute: Math.round((CYCLES / totalSeconds) * 60),
    });
  }, 600_000);
});

/** One cycle: launch, wait for ready (unless `early`), delete, wait for `deleted`. Its outcome. */
async function launchAndDelete(client: ApiClient, token: string, early: boolean): Promise<string> {
  const { id } = await expectData(client.as(token).POST('/api/sandboxes', { body: { example: 'chaos-cache' } }));
  let outcome = 'deleted early';
  if (!early) {
    const sandbox = await client.waitForSandbox(token, id, (s) => s.state !== 'provisioning');
    outcome = sandbox.state === 'ready' ? 'ready' : `${sandbox.state}: ${sandbox.reason}`;
  }
  await expectData(client.as(token).DELETE('/api/sandboxes/{id}', { params: { path: { id } } }));
  await client.waitForSandbox(token, id, (s) => s.state === 'deleted');
  return outcome;
}
