import { expectData, LabSchemas } from '@lab/api-client';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, readServerSentEvents } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

const SEATS = 10;

type SeatView = LabSchemas['SeatDto'];
type WorkshopView = LabSchemas['WorkshopDto'];
type Joined = LabSchemas['JoinedWorkshopDto'];

// A class of ten on real Docker: join with one code, distinct ready seats, the leader's view with
// lab progress, data changed everywhere and one bulk reset back to every seat's seed.
// Predicates of polled states and events (the test bodies do not branch).
const isReadyEvent = (e: { event: string; data: string }) =>
  e.event === 'state' && JSON.parse(e.data).state === 'ready';
const isResetDone = (s: { state: string; lastReset?: { state: string } }) =>
  s.state === 'ready' && s.lastReset?.state === 'done';
/** Stops a wait at once when a seat failed: it would never become ready. */
function failOnFailedSeat(seats: { state: string }[]): void {
  if (seats.some((s) => s.state === 'failed')) throw new Error(JSON.stringify(seats));
}

describe('control API: workshops', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let leader: string;
  let workshop: WorkshopView;
  let joinCode: string; // shown once, at creation
  const students: (Joined & { name: string; appUrl?: string; seed?: unknown })[] = [];
  let seatEvents: ReturnType<typeof readServerSentEvents>;

  beforeAll(async () => {
    api = await startControlApi({
      config: { examplesDir: 'examples', reconcileIntervalMs: 2_000, quota: { perUser: 3, total: 40 } },
    });
    client = new ApiClient(api.base);
    leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
  });
  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  const view = (refresh = false) =>
    expectData(
      client.as(leader).GET('/api/workshops/{id}', {
        params: { path: { id: workshop.id }, query: refresh ? { refresh: 'true' } : {} },
      }),
    );

  it('creates a workshop of ten seats with a join code', async () => {
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const response = await client.call('POST', 'workshops', {
      token: leader,
      body: { example: 'sql-vs-nosql', seats: SEATS, endsAt },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as LabSchemas['CreatedWorkshopDto'];
    expect(created.joinCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    workshop = created;
    joinCode = created.joinCode;
    expect(workshop.seats.map((s) => s.seat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(workshop.seats.map((s) => [s.state, s.student])).toEqual(
      workshop.seats.map(() => ['provisioning', undefined]),
    );
    const readySeats = (events: { event: string; data: string }[]) =>
      new Set(events.filter(isReadyEvent).map((e) => JSON.parse(e.data).seat));
    seatEvents = readServerSentEvents(
      `${api.base}/api/workshops/${workshop.id}/events`,
      leader,
      (events) => readySeats(events).size === SEATS,
      // As long as the wait for every seat below: the stream is open through all ten provisionings.
      300_000,
    );
  });

  it('gives ten students who join at once ten distinct seats, and the eleventh a 409', async () => {
    const names = Array.from({ length: SEATS }, (_, i) => `Student ${i + 1}`);
    const joined = await Promise.all(
      names.map((name) =>
        expectData(client.as().POST('/api/workshops/join', { body: { code: joinCode.toLowerCase(), name } })),
      ),
    );
    joined.forEach((seat, i) => students.push({ ...seat, name: names[i]! }));
    expect(new Set(joined.map((j) => j.seat)).size).toBe(SEATS);
    expect(new Set(joined.map((j) => j.sandboxId)).size).toBe(SEATS);
    const eleventh = await client.call('POST', 'workshops/join', { body: { code: joinCode, name: 'Late' } });
    expect(eleventh.status).toBe(409);
    expect(await eleventh.json()).toMatchObject({ title: 'Workshop full', detail: expect.stringMatching(/full/) });
    // The same student again, with the rejoin secret of the first join: the same seat, a new token,
    // the old one revoked (without the secret: 409, see seats.e2e-spec.ts).
    const again = await expectData(
      client.as().POST('/api/workshops/join', {
        body: { code: joinCode, name: 'Student 1', secret: students[0]!.secret },
      }),
    );
    expect(again).toMatchObject({ seat: students[0]!.seat, sandboxId: students[0]!.sandboxId });
    expect((await client.call('GET', `sandboxes/${again.sandboxId}`, { token: students[0]!.token })).status).toBe(401);
    students[0]!.token = again.token;
    const wrong = await client.call('POST', 'workshops/join', { body: { code: 'AAAA-BBBB-CCCC', name: 'X' } });
    expect(wrong.status).toBe(404);
  });

  it('gets every seat ready; each student sees only their own sandbox', async () => {
    await waitFor(
      () => workshop.seats.every((s) => s.state === 'ready'),
      300_000,
      async () => {
        workshop = await view();
        failOnFailedSeat(workshop.seats);
      },
    );
    // The leader followed the provisioning over SSE: progress steps and a `ready` for every seat.
    const { events } = await seatEvents;
    const seatsReady = events.filter(isReadyEvent);
    expect(new Set(seatsReady.map((e) => JSON.parse(e.data).seat)).size).toBe(SEATS);
    expect(events.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data).step)).toContain('readiness');
    for (const student of students) {
      const own = await expectData(
        client.as(student.token).GET('/api/sandboxes/{id}', { params: { path: { id: student.sandboxId } } }),
      );
      student.appUrl = own.app!.url.replace(/\/docs$/, '');
      student.seed = await (await fetch(`${student.appUrl}/lab/checksum`)).json();
    }
    const [a, b] = students;
    expect((await client.call('GET', `sandboxes/${b!.sandboxId}`, { token: a!.token })).status).toBe(404);
    expect((await client.call('GET', `workshops/${workshop.id}`, { token: a!.token })).status).toBe(403);
    const otherLeader = await client.issueToken(ADMIN_TOKEN, 'max', 'leader');
    expect((await client.call('GET', `workshops/${workshop.id}`, { token: otherLeader })).status).toBe(404);
    // The leader may look at (and reset) every seat of the workshop.
    expect((await client.call('GET', `sandboxes/${a!.sandboxId}`, { token: leader })).status).toBe(200);
    expect(workshop.seats.map((s) => s.student).sort()).toEqual(students.map((s) => s.name).sort());
  });

  it('shows a student completing a lab step as passed in the leader’s view', async () => {
    const achiever = students[3]!;
    const before = await view(true);
    const seatBefore = before.seats.find((s) => s.seat === achiever.seat)!;
    expect(seatBefore.progress!.steps.find((s) => s.id === 'price-fan-out')).toEqual({
      id: 'price-fan-out',
      title: expect.any(String),
      passed: false,
    });
    for (const store of ['sql', 'jsonb']) {
      const response = await fetch(`${achiever.appUrl}/${store}/books/3/price`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ priceCents: 1999 }),
      });
      expect(response.status).toBe(200);
    }
    const after = await view(true);
    for (const seat of after.seats) {
      const passed = seat.progress!.steps.find((s) => s.id === 'price-fan-out')!.passed;
      expect({ seat: seat.seat, passed }).toEqual({ seat: seat.seat, passed: seat.seat === achiever.seat });
    }
    expect(after.seats.find((s) => s.seat === achiever.seat)!.progress!.passed).toBe(seatBefore.progress!.passed + 1);
  });

  it('resets every seat to its seed with one bulk reset (in place)', async () => {
    for (const student of students) {
      const response = await fetch(`${student.appUrl}/sql/books/5/price`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ priceCents: 4242 }),
      });
      expect(response.status).toBe(200);
      expect(await (await fetch(`${student.appUrl}/lab/checksum`)).json()).not.toEqual(student.seed);
    }
    const response = await client.call('POST', `workshops/${workshop.id}/reset`, { token: leader, body: {} });
    expect(response.status).toBe(202);
    const { batchId, seats } = (await response.json()) as { batchId: string; seats: SeatView[] };
    expect(seats).toHaveLength(SEATS);
    await waitFor(
      () => workshop.seats.every(isResetDone),
      120_000,
      async () => {
        workshop = await view();
      },
    );
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(workshop.seats.map((s) => s.lastReset!.method)).toEqual(Array(SEATS).fill('restore'));
    for (const student of students) {
      expect(await (await fetch(`${student.appUrl}/lab/checksum`)).json()).toEqual(student.seed);
    }
  });

  it('rejects a reset of seats it does not have, and bad workshop requests, with 400', async () => {
    const unknown = await client.call('POST', `workshops/${workshop.id}/reset`, {
      token: leader,
      body: { seats: [99] },
    });
    expect(unknown.status).toBe(400);
    for (const body of [
      { example: 'sql-vs-nosql', seats: 0, endsAt: new Date(Date.now() + 3_600_000).toISOString() },
      { example: 'sql-vs-nosql', seats: 2, endsAt: new Date(Date.now() - 1_000).toISOString() },
      { example: 'sql-vs-nosql', seats: 2, endsAt: 'tomorrow' },
      { example: 'nope', seats: 2, endsAt: new Date(Date.now() + 3_600_000).toISOString() },
    ]) {
      expect((await client.call('POST', 'workshops', { token: leader, body })).status).toBe(400);
    }
  });

  it('ends: every seat is removed', async () => {
    expect((await client.call('DELETE', `workshops/${workshop.id}`, { token: leader })).status).toBe(200);
    await waitFor(
      () => workshop.seats.every((s) => s.state === 'deleted'),
      120_000,
      async () => {
        workshop = await view();
      },
    );
    for (const seat of workshop.seats) {
      expect(await lab.leftovers(seat.sandboxId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    }
    // The real code, refused: ended (404), no longer full (409 before the end).
    const late = await client.call('POST', 'workshops/join', { body: { code: joinCode, name: 'Late' } });
    expect(late.status).toBe(404);
  });
});
