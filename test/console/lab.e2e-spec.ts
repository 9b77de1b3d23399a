import { expectData, LabSchemas } from '@lab/api-client';
import { applyLabAction, Catalog, LabStep } from '@lab/catalog';
import { CATALOG } from '../../apps/control-api/src/examples/catalog.provider';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { readyBoard } from './support/ready-board';
import { targetOf } from './support/sandbox-target';

type WorkshopView = LabSchemas['WorkshopDto'];
type Joined = LabSchemas['JoinedWorkshopDto'];

const STEP = 'cache-aside';
const CONSOLE_PER_MINUTE = 20;
const problemJson = 'application/problem+json';

/** Whether the board shows STEP passed for the seat of this sandbox (never evaluated: no). */
function stepPassedOnBoard(board: WorkshopView, sandboxId: string): boolean {
  const seat = board.seats.find((s) => s.sandboxId === sandboxId);
  return seat?.progress?.steps.find((s) => s.id === STEP)?.passed ?? false;
}

// Lab self-service on real Docker: a workshop of two caching seats; a student reads the guide,
// checks a step before and after doing it, the leader's board shows it, and solutions appear for
// the student only once the leader shows them. The other student sees nothing of it.
describe('console: lab self-service', () => {
  const lab = createTestLab();
  let steps: LabStep[]; // the caching lab, as the API read it
  let step: LabStep;
  let api: ControlApi;
  let client: ApiClient;
  let leader: string;
  let workshop: WorkshopView;
  let ada: Joined;
  let bob: Joined;

  /** The lab guide of a sandbox as `token` sees it. */
  const guideOf = (sandboxId: string, token: string) =>
    expectData(client.as(token).GET('/api/sandboxes/{id}/lab', { params: { path: { id: sandboxId } } }));
  /** The student's check of STEP in their sandbox. */
  const check = (student: Joined) =>
    expectData(
      client.as(student.token).POST('/api/sandboxes/{id}/lab/steps/{step}/check', {
        params: { path: { id: student.sandboxId, step: STEP } },
      }),
    );
  /** The workshop as its leader sees it (the board). */
  const board = () =>
    expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: workshop.id } } }));
  const showSolutions = (solutionsVisible: boolean) =>
    expectData(
      client
        .as(leader)
        .PATCH('/api/workshops/{id}', { params: { path: { id: workshop.id } }, body: { solutionsVisible } }),
    );

  beforeAll(async () => {
    api = await startControlApi({
      // A small console budget, so the last test reaches it.
      config: {
        examplesDir: 'examples',
        quota: { perUser: 3, total: 10 },
        // No periodic evaluation of the seats: what the board shows comes from the student's checks.
        progressIntervalMs: 3_600_000,
        console: { timeoutMs: 5_000, maxRows: 1_000, maxBytes: 1_048_576, perMinute: CONSOLE_PER_MINUTE },
      },
    });
    client = new ApiClient(api.base);
    steps = api.app.get<Catalog>(CATALOG).examples.find((e) => e.name === 'caching')!.lab!.steps;
    step = steps.find((s) => s.id === STEP)!;
    leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await expectData(
      client.as(leader).POST('/api/workshops', { body: { example: 'caching', seats: 2, endsAt } }),
    );
    workshop = created;
    ada = await expectData(client.as().POST('/api/workshops/join', { body: { code: created.joinCode, name: 'Ada' } }));
    bob = await expectData(client.as().POST('/api/workshops/join', { body: { code: created.joinCode, name: 'Bob' } }));
    workshop = await readyBoard(board);
  });
  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
  });

  it('gives the student the guide with every step, its progress and no solutions', async () => {
    const guide = await guideOf(ada.sandboxId, ada.token);
    expect(guide).toMatchObject({ sandboxId: ada.sandboxId, example: 'caching', solutionsVisible: false, passed: 0 });
    expect(guide.steps.map((s) => s.id)).toEqual(steps.map((s) => s.id));
    expect(guide.steps[0]).toEqual({
      id: STEP,
      title: step.title,
      instructions: step.instructions,
      hasCheck: true,
      passed: false,
    });
    expect(guide.steps.filter((s) => s.solution !== undefined)).toEqual([]);
    expect(JSON.stringify(guide)).not.toContain('/cache-aside/products/7"');
  });

  it('fails the check of an untouched step and passes it after the documented solution', async () => {
    const before = await check(ada);
    expect(before).toMatchObject({ step: STEP, passed: false, detail: expect.any(String) });
    const sandbox = await expectData(
      client.as(ada.token).GET('/api/sandboxes/{id}', { params: { path: { id: ada.sandboxId } } }),
    );
    for (const action of step.solution) await applyLabAction(action, targetOf(sandbox));
    const after = await check(ada);
    expect(after).toMatchObject({ passed: true, detail: expect.any(String) });
    expect(Date.parse(after.checkedAt)).toBeGreaterThanOrEqual(Date.parse(before.checkedAt));
    const guide = await guideOf(ada.sandboxId, ada.token);
    expect(guide.passed).toBe(1);
    expect(guide.steps[0]).toMatchObject({ id: STEP, passed: true, checkedAt: after.checkedAt });
  });

  it('shows the student’s check on the leader’s board without a refresh', async () => {
    const seen = await board();
    expect(stepPassedOnBoard(seen, ada.sandboxId)).toBe(true);
    // Bob's seat: not evaluated yet, or evaluated as not passed.
    expect(stepPassedOnBoard(seen, bob.sandboxId)).toBe(false);
  });

  it('shows solutions to the leader always, and to the student once the leader shows them', async () => {
    const asLeader = await guideOf(ada.sandboxId, leader);
    expect(asLeader.solutionsVisible).toBe(true);
    expect(asLeader.steps[0]!.solution).toEqual(step.solution);
    const hidden = await guideOf(bob.sandboxId, bob.token);
    expect(hidden.steps.map((s) => s.solution)).toEqual(hidden.steps.map(() => undefined));

    const updated = await showSolutions(true);
    expect(updated.solutionsVisible).toBe(true);
    const shown = await guideOf(bob.sandboxId, bob.token);
    expect(shown.solutionsVisible).toBe(true);
    expect(shown.steps[0]!.solution).toEqual(step.solution);

    await showSolutions(false);
    const again = await guideOf(bob.sandboxId, bob.token);
    expect(again.steps.map((s) => s.solution)).toEqual(again.steps.map(() => undefined));
  });

  it('answers 404 to another student on every console and lab route', async () => {
    const id = ada.sandboxId;
    const calls: [string, string, unknown?][] = [
      ['GET', `sandboxes/${id}/lab`],
      ['POST', `sandboxes/${id}/lab/steps/${STEP}/check`],
      ['POST', `sandboxes/${id}/query`, { service: 'postgres', statement: 'SELECT 1' }],
      ['GET', `sandboxes/${id}/queries`],
    ];
    const statuses = await Promise.all(
      calls.map(async ([method, path, body]) => {
        const response = await client.call(method, path, { token: bob.token, body });
        return [path, response.status, response.headers.get('content-type')];
      }),
    );
    expect(statuses).toEqual(calls.map(([, path]) => [path, 404, expect.stringContaining(problemJson)]));
  });

  it('answers an unknown step with a 404 problem that lists the steps', async () => {
    const response = await client.call('POST', `sandboxes/${ada.sandboxId}/lab/steps/no-such-step/check`, {
      token: ada.token,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain(problemJson);
    expect(await response.json()).toMatchObject({ title: 'Lab step not found', detail: expect.stringContaining(STEP) });
  });

  it('refuses a malformed solutions setting with a 400 problem and a student with 403', async () => {
    const bad = await client.call('PATCH', `workshops/${workshop.id}`, {
      token: leader,
      body: { solutionsVisible: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain(problemJson);
    const unknownField = await client.call('PATCH', `workshops/${workshop.id}`, {
      token: leader,
      body: { solutionsVisible: true, seats: 3 },
    });
    expect(unknownField.status).toBe(400);
    const student = await client.call('PATCH', `workshops/${workshop.id}`, {
      token: ada.token,
      body: { solutionsVisible: true },
    });
    expect(student.status).toBe(403);
  });

  it('lets the leader of the workshop and an admin use the console on a seat, as the student’s role', async () => {
    const body = { service: 'postgres', statement: 'SELECT current_user AS who' };
    const params = { path: { id: ada.sandboxId } };
    const asLeader = await expectData(client.as(leader).POST('/api/sandboxes/{id}/query', { params, body }));
    const asAdmin = await expectData(client.as(ADMIN_TOKEN).POST('/api/sandboxes/{id}/query', { params, body }));
    expect([asLeader.rows, asAdmin.rows]).toEqual([[['student']], [['student']]]);
    const history = await expectData(client.as(ada.token).GET('/api/sandboxes/{id}/queries', { params }));
    expect(history.map((entry) => entry.statement)).toEqual([body.statement, body.statement]);
    expect(new Set(history.map((entry) => entry.userId)).size).toBe(2);
  });

  it('runs Redis commands on the caching sandbox as the student’s ACL user', async () => {
    const redis = (statement: string) =>
      expectData(
        client.as(ada.token).POST('/api/sandboxes/{id}/query', {
          params: { path: { id: ada.sandboxId } },
          body: { service: 'redis', statement },
        }),
      );
    const rowsOf = async (statement: string) => (await redis(statement)).rows;
    expect(await rowsOf('SET console:greeting "hello world"')).toEqual([['OK']]);
    expect(await rowsOf('GET console:greeting')).toEqual([['hello world']]);
    expect(await rowsOf('HSET console:h a 1 b 2')).toEqual([[2]]);
    const all = await redis('HGETALL console:h');
    expect(all).toMatchObject({
      columns: ['field', 'value'],
      rows: [
        ['a', '1'],
        ['b', '2'],
      ],
    });
  });

  it('refuses blocking or unreadable Redis commands with 400 and engine errors with 422', async () => {
    const statuses = await Promise.all(
      ['SUBSCRIBE news', 'GET "unbalanced', 'NOSUCHCOMMAND x', 'GET a b'].map(async (statement) => {
        const response = await client.call('POST', `sandboxes/${ada.sandboxId}/query`, {
          token: ada.token,
          body: { service: 'redis', statement },
        });
        return [statement, response.status];
      }),
    );
    expect(statuses).toEqual([
      ['SUBSCRIBE news', 400],
      ['GET "unbalanced', 400],
      ['NOSUCHCOMMAND x', 422],
      ['GET a b', 422],
    ]);
  });

  it('rate-limits a student’s checks per user with a 429 problem and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= CONSOLE_PER_MINUTE; i++) {
      last = await client.call('POST', `sandboxes/${ada.sandboxId}/lab/steps/${STEP}/check`, { token: ada.token });
      statuses.push(last.status);
    }
    expect(statuses[statuses.length - 1]).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another student's budget is their own.
    const other = await client.call('POST', `sandboxes/${bob.sandboxId}/lab/steps/${STEP}/check`, { token: bob.token });
    expect(other.status).toBe(200);
  });
});
