import { expectData, LabSchemas } from '@lab/api-client';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

type SeatView = LabSchemas['SeatDto'];

const STEP = 'price-fan-out';
const stepPassed = (seat: SeatView | undefined) => seat?.progress?.steps.find((s) => s.id === STEP)?.passed;
const seatOf = (seats: SeatView[], number: number) => seats.find((s) => s.seat === number);

// README, Classroom: "lab progress is evaluated with the example's own checks every
// LAB_PROGRESS_SECONDS" and "POST /api/workshops/:id/reset {seats?} — bulk reset (all seats by
// default)": the periodic evaluation without asking for it, and a reset of a subset of seats.
describe('control API: workshop progress on its own, and a reset of some seats', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let leader: string;
  let workshopId: string;
  let seats: SeatView[] = [];
  const appUrls = new Map<number, string>();
  const seeds = new Map<number, unknown>();

  const refresh = async () => {
    seats = (await expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: workshopId } } })))
      .seats;
  };
  const checksum = async (seat: number) => (await fetch(`${appUrls.get(seat)}/lab/checksum`)).json();
  const changePrice = async (seat: number) => {
    for (const store of ['sql', 'jsonb']) {
      const response = await fetch(`${appUrls.get(seat)}/${store}/books/3/price`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ priceCents: 1999 }),
      });
      expect(response.status).toBe(200);
    }
  };

  beforeAll(async () => {
    api = await startControlApi({ config: { progressIntervalMs: 5_000 } });
    client = new ApiClient(api.base);
    leader = await client.issueToken(ADMIN_TOKEN, 'lia', 'leader');
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    workshopId = (
      await expectData(
        client.as(leader).POST('/api/workshops', { body: { example: 'sql-vs-nosql', seats: 2, endsAt } }),
      )
    ).id;
    await waitFor(() => seats.length === 2 && seats.every((s) => s.state === 'ready'), 300_000, refresh);
    for (const seat of seats) {
      const sandbox = await expectData(
        client.as(leader).GET('/api/sandboxes/{id}', { params: { path: { id: seat.sandboxId } } }),
      );
      appUrls.set(seat.seat, sandbox.app!.url.replace(/\/docs$/, ''));
      seeds.set(seat.seat, await (await fetch(`${appUrls.get(seat.seat)}/lab/checksum`)).json());
    }
  }, 360_000);
  afterAll(async () => {
    try {
      await client.call('DELETE', `workshops/${workshopId}`, { token: leader });
      await waitFor(() => seats.every((s) => s.state === 'deleted'), 120_000, refresh);
      await api.close();
    } finally {
      await lab.reap();
    }
  });

  it('shows a step passed without a refresh, within a few progress intervals', async () => {
    // The first evaluation comes by itself (plain GETs only), and finds the step not done.
    await waitFor(() => stepPassed(seatOf(seats, 1)) !== undefined, 60_000, refresh);
    expect(stepPassed(seatOf(seats, 1))).toBe(false);
    await changePrice(1);
    // Plain GETs (no ?refresh=true): only the periodic evaluation can change what they show.
    await waitFor(() => stepPassed(seatOf(seats, 1)) === true, 60_000, refresh);
    expect(stepPassed(seatOf(seats, 2))).toBe(false);
  });

  it('resets only the seats asked for ({seats: [1]})', async () => {
    await changePrice(2); // seat 1 changed above
    const response = await client.call('POST', `workshops/${workshopId}/reset`, {
      token: leader,
      body: { seats: [1] },
    });
    expect(response.status).toBe(202);
    const { seats: started } = (await response.json()) as { seats: SeatView[] };
    expect(started.map((s) => s.seat)).toEqual([1]);
    await waitFor(() => seatOf(seats, 1)?.lastReset?.state === 'done', 120_000, refresh);
    expect(await checksum(1)).toEqual(seeds.get(1));
    expect(await checksum(2)).not.toEqual(seeds.get(2)); // left alone
    expect(seatOf(seats, 2)!.lastReset).toBeFalsy(); // never reset
  });
});
