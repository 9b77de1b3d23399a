import { expectData, LabSchemas } from '@lab/api-client';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { closeInstallation, startStateDatabase } from '../control-api/support/state-database';
import { createTestLab } from '../support/lab-runtime';
import { readyBoard } from './support/ready-board';

type WorkshopView = LabSchemas['WorkshopDto'];

const STEP = 'cache-aside';

// What the console and the lab self-service keep (the solutions flag, lab checks, the statement
// history and its pruning) on a PostgreSQL state database: the migration and every query of the
// repositories on the other engine than the SQLite suites.
describe('console: state on PostgreSQL', () => {
  const lab = createTestLab();
  let api: ControlApi | undefined;
  let client: ApiClient;
  let leader: string;
  let workshop: WorkshopView;
  let student: LabSchemas['JoinedWorkshopDto'];

  /** The student's lab guide. */
  const guide = () =>
    expectData(
      client.as(student.token).GET('/api/sandboxes/{id}/lab', { params: { path: { id: student.sandboxId } } }),
    );
  /** The workshop as its leader sees it (the board). */
  const board = () =>
    expectData(client.as(leader).GET('/api/workshops/{id}', { params: { path: { id: workshop.id } } }));

  beforeAll(async () => {
    const databaseUrl = await startStateDatabase(lab);
    api = await startControlApi({
      config: {
        databaseUrl,
        examplesDir: 'examples',
        quota: { perUser: 2, total: 10 },
        // No periodic evaluation of the seats: what the board shows comes from the student's checks.
        progressIntervalMs: 3_600_000,
        console: { timeoutMs: 5_000, maxRows: 1_000, maxBytes: 1_048_576, perMinute: 1_000 },
      },
    });
    client = new ApiClient(api.base);
    leader = await client.issueToken(ADMIN_TOKEN, 'lea', 'leader');
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await expectData(
      client.as(leader).POST('/api/workshops', {
        body: { example: 'caching', seats: 1, endsAt, solutionsVisible: true },
      }),
    );
    workshop = created;
    student = await expectData(
      client.as().POST('/api/workshops/join', { body: { code: created.joinCode, name: 'Ada' } }),
    );
    workshop = await readyBoard(board);
  });
  afterAll(async () => {
    await closeInstallation(lab, [api]);
    await lab.reap();
  });

  it('keeps the solutions flag given at creation and changed later', async () => {
    expect(workshop.solutionsVisible).toBe(true);
    const shown = await guide();
    expect(shown.solutionsVisible).toBe(true);
    expect(shown.steps.find((s) => s.id === STEP)!.solution).toHaveLength(2);
    await expectData(
      client.as(leader).PATCH('/api/workshops/{id}', {
        params: { path: { id: workshop.id } },
        body: { solutionsVisible: false },
      }),
    );
    const hidden = await guide();
    expect(hidden.solutionsVisible).toBe(false);
    expect(hidden.steps.map((s) => s.solution)).toEqual(hidden.steps.map(() => undefined));
  });

  it('keeps the latest check of a step, replacing the one before', async () => {
    const check = () =>
      expectData(
        client.as(student.token).POST('/api/sandboxes/{id}/lab/steps/{step}/check', {
          params: { path: { id: student.sandboxId, step: STEP } },
        }),
      );
    await check();
    const second = await check();
    const seen = await guide();
    expect(seen.steps.find((s) => s.id === STEP)).toMatchObject({ passed: false, checkedAt: second.checkedAt });
    const onBoard = await board();
    expect(onBoard.seats[0]!.progress!.steps.map((s) => s.id)).toContain(STEP);
  });

  it('keeps the last 50 console statements of the sandbox', async () => {
    const asStudent = client.as(student.token);
    const params = { path: { id: student.sandboxId } };
    const sandbox = await expectData(asStudent.GET('/api/sandboxes/{id}', { params }));
    expect(sandbox.services.map((s) => s.name)).toContain('postgres');
    for (let i = 1; i <= 52; i++) {
      await expectData(
        asStudent.POST('/api/sandboxes/{id}/query', {
          params,
          body: { service: 'postgres', statement: `SELECT ${i} AS i` },
        }),
      );
    }
    const failed = await client.call('POST', `sandboxes/${student.sandboxId}/query`, {
      token: student.token,
      body: { service: 'postgres', statement: 'SELECT * FROM no_such_table' },
    });
    expect(failed.status).toBe(422);
    const history = await expectData(asStudent.GET('/api/sandboxes/{id}/queries', { params }));
    expect(history).toHaveLength(50);
    expect(history[0]).toMatchObject({ statement: 'SELECT * FROM no_such_table', ok: false });
    expect(history[1]).toMatchObject({ statement: 'SELECT 52 AS i', ok: true, rowCount: 1 });
    expect(history[49]!.statement).toBe('SELECT 4 AS i');
  });
});
