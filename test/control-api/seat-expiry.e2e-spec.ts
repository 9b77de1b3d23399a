import { expectData, LabSchemas } from '@lab/api-client';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ApiProcess, buildControlApi } from './support/api-process';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

type SeatView = LabSchemas['SeatDto'];

function instanceOf(dataDir: string): string {
  const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = 'instance-id'").get() as { value: string }).value;
  } finally {
    db.close();
  }
}

const allSeats = (seats: SeatView[], state: string) => seats.length > 0 && seats.every((s) => s.state === state);

// README: "Workshop seats expire at the workshop's endsAt (the reconciler removes them, also after
// a crash)". One installation stays up over the end; another is killed with SIGKILL before it and
// started again after it. (endsAt must be at least a minute ahead, so this takes a minute.)
describe('control API: workshop seats expire at endsAt, also across a crash', () => {
  const lab = createTestLab();
  const dirs = {
    up: mkdtempSync(join(tmpdir(), 'lab-seats-up-')),
    crashed: mkdtempSync(join(tmpdir(), 'lab-seats-kill-')),
  };
  const env = {
    LAB_DATA_DIR: dirs.crashed,
    LAB_ADMIN_TOKEN: ADMIN_TOKEN,
    LAB_EXAMPLES_DIR: 'test/fixtures/examples',
    LAB_RECONCILE_SECONDS: '2',
    LOG_LEVEL: 'warn',
  };
  let up: ControlApi | undefined;
  let crashed: ApiProcess | undefined;
  const instances: string[] = [];

  beforeAll(() => buildControlApi(), 240_000);
  afterAll(async () => {
    try {
      await up?.close();
      await crashed?.stop();
    } finally {
      for (const instance of instances)
        for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
      for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
      await lab.reap();
    }
  });

  /** `clientOf`: the API's client now (a restarted process listens on another port). */
  const openWorkshop = async (clientOf: () => ApiClient, endsAt: string) => {
    const client = clientOf();
    const leader = await client.issueToken(ADMIN_TOKEN, 'lee', 'leader');
    const created = await expectData(
      client.as(leader).POST('/api/workshops', { body: { example: 'tiny-sql', seats: 1, endsAt } }),
    );
    let seats: SeatView[] = [];
    const refresh = async () => {
      seats = (
        await expectData(
          clientOf()
            .as(leader)
            .GET('/api/workshops/{id}', { params: { path: { id: created.id } } }),
        )
      ).seats;
    };
    return { leader, id: created.id, seats: () => seats, refresh };
  };

  it('removes every seat at endsAt, on a running API and on one that was killed before it', async () => {
    up = await startControlApi({
      config: { dataDir: dirs.up, examplesDir: 'test/fixtures/examples', reconcileIntervalMs: 2_000 },
    });
    crashed = await ApiProcess.start(env);
    // Counted from here, not before the two starts: a loaded machine may take tens of seconds to
    // start them, and a workshop must end at least a minute after it is created.
    const endsAt = new Date(Date.now() + 90_000).toISOString();
    instances.push(instanceOf(dirs.up), instanceOf(dirs.crashed));
    const upClient = new ApiClient(up.base);
    const onUp = await openWorkshop(() => upClient, endsAt);
    let crashedClient = new ApiClient(crashed.base);
    const onCrashed = await openWorkshop(() => crashedClient, endsAt);
    await waitFor(() => allSeats(onUp.seats(), 'ready'), 120_000, onUp.refresh);
    await waitFor(() => allSeats(onCrashed.seats(), 'ready'), 120_000, onCrashed.refresh);
    const seatIds = [...onUp.seats(), ...onCrashed.seats()].map((s) => s.sandboxId);

    expect(await crashed.kill9()).toEqual({ code: null, signal: 'SIGKILL' });
    // Still there at the end: nobody was left to remove the killed API's seat.
    await waitFor(() => Date.now() > new Date(endsAt).getTime(), 120_000);
    await waitFor(() => allSeats(onUp.seats(), 'deleted'), 60_000, onUp.refresh);
    expect(await lab.leftovers(onCrashed.seats()[0]!.sandboxId)).toMatchObject({ containers: 1 });

    crashed = await ApiProcess.start(env);
    crashedClient = new ApiClient(crashed.base);
    await waitFor(() => allSeats(onCrashed.seats(), 'deleted'), 60_000, onCrashed.refresh);
    for (const id of seatIds) expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
