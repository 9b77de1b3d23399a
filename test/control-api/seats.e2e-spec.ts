import { expectData, LabSchemas } from '@lab/api-client';
import { LABEL } from '@lab/runtime';
import { DataSource } from 'typeorm';
import { SandboxesRepository } from '../../apps/control-api/src/sandboxes/sandboxes.repository';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { WorkshopEntity } from '../../apps/control-api/src/workshops/workshop.entity';
import { WorkshopsRepository } from '../../apps/control-api/src/workshops/workshops.repository';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import { ApiClient, SandboxView } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';
import { closeInstallation, startStateDatabase } from './support/state-database';

type SeatView = LabSchemas['SeatDto'];
type WorkshopView = LabSchemas['WorkshopDto'];
type Joined = LabSchemas['JoinedWorkshopDto'];

const IDLE_MINUTES = 30;

// Predicates for polling, kept out of the test bodies (they branch on what was seen so far).
/** The student's token is refused and the workshop has ended with its seat removed. */
function workshopOver(tokenStatus: number, workshop: WorkshopView | undefined): boolean {
  return tokenStatus === 401 && workshop?.endedAt !== undefined && workshop.seats[0]!.state === 'deleted';
}
/** The student's token is refused and the seat's sandbox is deleted. */
function seatGone(tokenStatus: number, sandbox: { state: string } | undefined): boolean {
  return tokenStatus === 401 && sandbox?.state === 'deleted';
}
/** Every seat ready, and the first seat's last reset done. */
function allReadyAfterFirstSeatReset(seats: SeatView[]): boolean {
  return seats.every((s) => s.state === 'ready') && seats[0]!.lastReset?.state === 'done';
}

// Who holds a seat, and for how long, on real Docker with the light tiny-sql fixture: no takeover
// by name, release by the leader, the end of a workshop (DELETE or endsAt) as the end of its seats
// and their tokens, no extension past it, and idle-culled seats brought back by the leader's reset.
describe('control API: workshop seats', () => {
  const lab = createTestLab();
  let api: ControlApi;
  let client: ApiClient;
  let leader: string;
  let otherLeader: string;

  beforeAll(async () => {
    api = await startControlApi({
      config: {
        examplesDir: 'test/fixtures/examples',
        reconcileIntervalMs: 1_000,
        progressIntervalMs: 1_000,
        idleMs: IDLE_MINUTES * 60_000,
        // The tests poll the leader's view; the per-user request limit is not what they are about.
        rateLimitPerMinute: 10_000,
      },
    });
    client = new ApiClient(api.base);
    leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
    otherLeader = await client.issueToken(ADMIN_TOKEN, 'max', 'leader');
  });
  afterAll(async () => {
    await closeInstallation(lab, [api]);
  });

  const createWorkshop = (seats: number) =>
    expectData(
      client.as(leader).POST('/api/workshops', {
        body: { example: 'tiny-sql', seats, endsAt: new Date(Date.now() + 30 * 60_000).toISOString() },
      }),
    );
  const view = (id: string) => expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id } } }));
  const join = (body: Record<string, unknown>) => client.call('POST', 'workshops/join', { body });
  const status = async (token: string, sandboxId: string) =>
    (await client.call('GET', `sandboxes/${sandboxId}`, { token })).status;
  const containers = async (sandboxId: string) =>
    (await lab.docker.listContainers({ [LABEL.sandbox]: sandboxId })).length;
  const waitForSeats = async (id: string, accept: (seats: SeatView[]) => boolean): Promise<WorkshopView> => {
    let last: WorkshopView | undefined;
    await waitFor(
      () => last !== undefined && accept(last.seats),
      120_000,
      async () => {
        last = await view(id);
      },
    ).catch((error: unknown) => {
      throw new Error(`seats never got there; last seen ${JSON.stringify(last?.seats)} (${String(error)})`);
    });
    return last!;
  };

  describe('joining and rejoining', () => {
    let workshop: LabSchemas['CreatedWorkshopDto'];
    let ada: Joined;

    beforeAll(async () => {
      workshop = await createWorkshop(2);
      ada = await expectData(
        client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Ada' } }),
      );
    });
    afterAll(async () => {
      await client.call('DELETE', `workshops/${workshop.id}`, { token: leader });
    });

    it('gives the first join a rejoin secret and a token that expires with the workshop', async () => {
      expect(ada).toMatchObject({ workshopId: workshop.id, seat: 1, expiresAt: workshop.endsAt });
      expect(ada.secret).toMatch(/^seat_[A-Za-z0-9_-]{32}$/);
      const tokens = await expectData(client.as(ADMIN_TOKEN).GET('/api/tokens'));
      expect(tokens.find((t) => t.name === 'Ada (workshop seat 1)')?.expiresAt).toBe(workshop.endsAt);
    });

    it('refuses a second join with the same name (409) and the first token keeps working', async () => {
      const second = await join({ code: workshop.joinCode, name: 'Ada' });
      expect(second.status).toBe(409);
      expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await second.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({
        status: 409,
        title: 'Seat already taken',
        detail: expect.stringMatching(/"Ada" already holds a seat.*rejoin secret.*release/),
      });
      expect(JSON.stringify(problem)).not.toMatch(/sb-[0-9a-f]/);
      const wrongSecret = await join({ code: workshop.joinCode, name: 'Ada', secret: 'seat_guessed' });
      expect(wrongSecret.status).toBe(409);
      expect(await status(ada.token, ada.sandboxId)).toBe(200);
      expect((await view(workshop.id)).seats.find((s) => s.seat === 1)?.student).toBe('Ada');
    });

    it('gives one seat to five joins at once with the same new name, and 409 to the other four', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => join({ code: workshop.joinCode, name: 'Twin' })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      const seats = (await view(workshop.id)).seats;
      expect(seats.filter((s) => s.student === 'Twin')).toHaveLength(1);
      expect(seats.find((s) => s.seat === 1)?.student).toBe('Ada');
    });

    it('with the rejoin secret: the same seat and sandbox, a new token, the old one 401', async () => {
      const again = await expectData(
        client
          .as()
          .POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Ada', secret: ` ${ada.secret!} ` } }),
      );
      expect(again).toMatchObject({ seat: ada.seat, sandboxId: ada.sandboxId });
      expect(again.secret).toBeUndefined();
      expect(again.token).not.toBe(ada.token);
      expect(await status(ada.token, ada.sandboxId)).toBe(401);
      expect(await status(again.token, ada.sandboxId)).toBe(200);
      ada = { ...again, secret: ada.secret };
    });

    it('lets only the workshop’s leader release a seat (other leader 404, student 403, no such seat 404)', async () => {
      const path = `workshops/${workshop.id}/seats/${ada.seat}/release`;
      expect((await client.call('POST', path, { token: otherLeader })).status).toBe(404);
      expect((await client.call('POST', path, { token: ada.token })).status).toBe(403);
      const missing = await client.call('POST', `workshops/${workshop.id}/seats/99/release`, { token: leader });
      expect(missing.status).toBe(404);
      expect(await status(ada.token, ada.sandboxId)).toBe(200);
    });

    it('after the leader releases the seat: the old token 401, the same name joins it without a secret', async () => {
      const released = await client.call('POST', `workshops/${workshop.id}/seats/${ada.seat}/release`, {
        token: leader,
      });
      expect(released.status).toBe(200);
      const seat = (await released.json()) as SeatView;
      expect(seat).toMatchObject({ seat: ada.seat, sandboxId: ada.sandboxId });
      expect(seat.student).toBeUndefined();
      expect(await status(ada.token, ada.sandboxId)).toBe(401);
      const rejoined = await expectData(
        client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Ada' } }),
      );
      expect(rejoined).toMatchObject({ seat: ada.seat, sandboxId: ada.sandboxId });
      expect(rejoined.secret).toMatch(/^seat_/);
      expect(rejoined.secret).not.toBe(ada.secret);
      expect(await status(rejoined.token, ada.sandboxId)).toBe(200);
      // The secret from before the release no longer opens the seat.
      expect((await join({ code: workshop.joinCode, name: 'Ada', secret: ada.secret })).status).toBe(409);
      ada = rejoined;
    });

    it('refuses to extend a seat past the workshop’s end (409) and leaves its expiry as it was', async () => {
      const response = await client.call('POST', `sandboxes/${ada.sandboxId}/extend`, {
        token: ada.token,
        body: { minutes: 5 },
      });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        title: 'Seat ends with its workshop',
        endsAt: workshop.endsAt,
        detail: expect.stringContaining(workshop.endsAt),
      });
      const sandbox = await expectData(
        client.as(ada.token).GET('/api/sandboxes/{id}', { params: { path: { id: ada.sandboxId } } }),
      );
      expect(sandbox.expiresAt).toBe(workshop.endsAt);
    });
  });

  it('DELETE of a workshop: every seat token 401, every seat’s containers gone, the code refused', async () => {
    const workshop = await createWorkshop(2);
    const students = [
      await expectData(client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Bo' } })),
      await expectData(client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Cy' } })),
    ];
    const ready = await waitForSeats(workshop.id, (seats) => seats.every((s) => s.state === 'ready'));
    for (const seat of ready.seats) expect(await containers(seat.sandboxId)).toBeGreaterThan(0);

    expect((await client.call('DELETE', `workshops/${workshop.id}`, { token: leader })).status).toBe(200);
    for (const student of students) expect(await status(student.token, student.sandboxId)).toBe(401);
    const ended = await waitForSeats(workshop.id, (seats) => seats.every((s) => s.state === 'deleted'));
    for (const seat of ended.seats) {
      expect(await lab.leftovers(seat.sandboxId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    }
    expect((await join({ code: workshop.joinCode, name: 'Late' })).status).toBe(404);
  });

  it('a workshop whose endsAt passes: seat tokens 401, seats removed, the code refused', async () => {
    const workshop = await createWorkshop(1);
    const student = await expectData(
      client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Di' } }),
    );
    const [seat] = (await waitForSeats(workshop.id, (seats) => seats.every((s) => s.state === 'ready'))).seats;
    expect(await containers(seat!.sandboxId)).toBeGreaterThan(0);
    // Time passes: the workshop's end moves to two seconds from now (a workshop cannot be created
    // ending that soon). The student's token still carries the original expiry, and the seat its
    // original one: only the end of the workshop itself can stop them now.
    const endsAt = new Date(Date.now() + 2_000).toISOString();
    await api.app.get(DataSource).getRepository(WorkshopEntity).update({ id: workshop.id }, { endsAt });

    let tokenStatus = 0;
    let current: WorkshopView | undefined;
    await waitFor(
      () => workshopOver(tokenStatus, current),
      60_000,
      async () => {
        tokenStatus = await status(student.token, student.sandboxId);
        current = await view(workshop.id);
      },
    );
    expect(Date.parse(current!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(endsAt));
    expect(await lab.leftovers(seat!.sandboxId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect((await join({ code: workshop.joinCode, name: 'Late' })).status).toBe(404);
    expect((await join({ code: workshop.joinCode, name: 'Di' })).status).toBe(404);
  });

  it('finishes an early end cut short by a crash at the next start: seat tokens 401, seats removed', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'lab-seats-'));
    const config = {
      dataDir,
      examplesDir: 'test/fixtures/examples',
      reconcileIntervalMs: 1_000,
      progressIntervalMs: 1_000,
      rateLimitPerMinute: 10_000,
    };
    let own = await startControlApi({ config });
    const instance = own.app.get<LabInstance>(LAB_INSTANCE).id;
    try {
      let ownClient = new ApiClient(own.base);
      const ownLeader = await ownClient.issueToken(ADMIN_TOKEN, 'lea', 'leader');
      const workshop = await expectData(
        ownClient.as(ownLeader).POST('/api/workshops', {
          body: { example: 'tiny-sql', seats: 1, endsAt: new Date(Date.now() + 30 * 60_000).toISOString() },
        }),
      );
      const student = await expectData(
        ownClient.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Flo' } }),
      );
      await ownClient.waitForSandbox(ownLeader, student.sandboxId, (s) => s.state === 'ready');
      // The crash: the end was recorded, nothing after it happened.
      await own.app.get(WorkshopsRepository).markEnded(workshop.id, new Date());
      await own.close();

      own = await startControlApi({ config });
      ownClient = new ApiClient(own.base);
      let tokenStatus = 0;
      let seat: SandboxView | undefined;
      await waitFor(
        () => seatGone(tokenStatus, seat),
        60_000,
        async () => {
          tokenStatus = (await ownClient.call('GET', `sandboxes/${student.sandboxId}`, { token: student.token }))
            .status;
          seat = await expectData(
            ownClient.as(ownLeader).GET('/api/sandboxes/{id}', { params: { path: { id: student.sandboxId } } }),
          );
        },
      );
      expect(await lab.leftovers(student.sandboxId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    } finally {
      await own.close();
      for (const status of await lab.runtime.list({ 'lab.instance': instance })) await lab.runtime.destroy(status.id);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('brings back idle-culled seats with the leader’s reset: one seat, then in bulk', async () => {
    const workshop = await createWorkshop(2);
    const dee = await expectData(
      client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Dee' } }),
    );
    const eve = await expectData(
      client.as().POST('/api/workshops/join', { body: { code: workshop.joinCode, name: 'Eve' } }),
    );
    await waitForSeats(workshop.id, (seats) => seats.every((s) => s.state === 'ready'));
    // Nobody touched either seat for longer than LAB_IDLE_MINUTES: the idle rule's input, set back.
    const longAgo = new Date(Date.now() - 2 * IDLE_MINUTES * 60_000);
    for (const student of [dee, eve]) {
      await api.app.get(SandboxesRepository).update(student.sandboxId, { lastActivityAt: longAgo }, new Date());
    }
    const culled = await waitForSeats(workshop.id, (seats) => seats.every((s) => s.state === 'deleted'));
    expect(culled.seats.map((s) => s.reason)).toEqual([`idle for ${IDLE_MINUTES} min`, `idle for ${IDLE_MINUTES} min`]);
    for (const student of [dee, eve]) expect(await containers(student.sandboxId)).toBe(0);

    // One seat: a new sandbox, owned by the same student and token, provisioned from the seed.
    const single = await client.call('POST', `workshops/${workshop.id}/reset`, { token: leader, body: { seats: [1] } });
    expect(single.status).toBe(202);
    const [back] = ((await single.json()) as { seats: SeatView[] }).seats;
    expect(back).toMatchObject({ seat: 1, student: 'Dee', state: 'provisioning' });
    expect(back!.sandboxId).not.toBe(dee.sandboxId);
    const afterSingle = await waitForSeats(workshop.id, (seats) => seats[0]!.state === 'ready');
    expect(afterSingle.seats[1]).toMatchObject({ sandboxId: eve.sandboxId, state: 'deleted' });
    const deeSandbox = await expectData(
      client.as(dee.token).GET('/api/sandboxes/{id}', { params: { path: { id: back!.sandboxId } } }),
    );
    expect(deeSandbox).toMatchObject({ state: 'ready', example: 'tiny-sql', expiresAt: workshop.endsAt });
    expect(deeSandbox.services[0]!.url).toMatch(/^postgresql:\/\//);
    expect(await containers(back!.sandboxId)).toBeGreaterThan(0);
    const old = await expectData(
      client.as(dee.token).GET('/api/sandboxes/{id}', { params: { path: { id: dee.sandboxId } } }),
    );
    expect(old).toMatchObject({ state: 'deleted', reason: `idle for ${IDLE_MINUTES} min` });
    expect(await status(eve.token, back!.sandboxId)).toBe(404);

    // In bulk: the culled seat comes back, the running one is reset in place (same sandbox).
    const bulk = await client.call('POST', `workshops/${workshop.id}/reset`, { token: leader, body: {} });
    expect(bulk.status).toBe(202);
    const done = await waitForSeats(workshop.id, allReadyAfterFirstSeatReset);
    expect(done.seats[0]!.sandboxId).toBe(back!.sandboxId);
    expect(done.seats[1]).toMatchObject({ student: 'Eve', state: 'ready' });
    expect(done.seats[1]!.sandboxId).not.toBe(eve.sandboxId);
    expect(await status(eve.token, done.seats[1]!.sandboxId)).toBe(200);
    expect(await containers(done.seats[1]!.sandboxId)).toBeGreaterThan(0);
    const eveOwn = await expectData(client.as(eve.token).GET('/api/sandboxes'));
    expect(eveOwn.map((s) => s.id).sort()).toEqual([done.seats[1]!.sandboxId, eve.sandboxId].sort());

    expect((await client.call('DELETE', `workshops/${workshop.id}`, { token: leader })).status).toBe(200);
    const afterEnd = await client.call('POST', `workshops/${workshop.id}/reset`, { token: leader, body: {} });
    expect(afterEnd.status).toBe(409);
  });
});

// The same rules with the state on PostgreSQL (DATABASE_URL): the migration's columns and the
// unique name per workshop behave as on SQLite.
describe('control API: workshop seats with the state on PostgreSQL', () => {
  const lab = createTestLab();
  let api: ControlApi | undefined;
  let client: ApiClient;

  beforeAll(async () => {
    const databaseUrl = await startStateDatabase(lab);
    api = await startControlApi({ config: { databaseUrl, examplesDir: 'test/fixtures/examples' } });
    client = new ApiClient(api.base);
  });
  afterAll(async () => {
    await closeInstallation(lab, [api]);
    await lab.reap();
  });

  it('refuses a takeover, rejoins with the secret, releases, and ends every seat token', async () => {
    const leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const workshop = await expectData(
      client.as(leader).POST('/api/workshops', { body: { example: 'tiny-sql', seats: 2, endsAt } }),
    );
    const join = (body: Record<string, unknown>) =>
      client.call('POST', 'workshops/join', { body: { code: workshop.joinCode, ...body } });
    const first = (await (await join({ name: 'Ada' })).json()) as Joined;
    expect(first).toMatchObject({ seat: 1, expiresAt: workshop.endsAt, secret: expect.stringMatching(/^seat_/) });
    const racing = await Promise.all(Array.from({ length: 3 }, () => join({ name: 'Ada' })));
    expect(racing.map((r) => r.status)).toEqual([409, 409, 409]);
    const again = (await (await join({ name: 'Ada', secret: first.secret })).json()) as Joined;
    expect(again).toMatchObject({ seat: 1, sandboxId: first.sandboxId });
    const sandbox = (token: string) => client.call('GET', `sandboxes/${first.sandboxId}`, { token });
    expect((await sandbox(first.token)).status).toBe(401);
    expect((await sandbox(again.token)).status).toBe(200);
    const release = await client.call('POST', `workshops/${workshop.id}/seats/1/release`, { token: leader });
    expect(release.status).toBe(200);
    expect((await sandbox(again.token)).status).toBe(401);
    const afterRelease = (await (await join({ name: 'Bea' })).json()) as Joined;
    expect(afterRelease.seat).toBe(1);
    expect((await client.call('DELETE', `workshops/${workshop.id}`, { token: leader })).status).toBe(200);
    expect((await sandbox(afterRelease.token)).status).toBe(401);
  });
});
