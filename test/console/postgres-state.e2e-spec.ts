import { LabStep } from '@lab/catalog';
import { ApiClient, SandboxView } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { closeInstallation, startStateDatabase } from '../control-api/support/state-database';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

interface WorkshopView {
  id: string;
  solutionsVisible: boolean;
  joinCode?: string;
  seats: { seat: number; sandboxId: string; state: string; progress?: { steps: { id: string; passed: boolean }[] } }[];
}
interface LabView {
  solutionsVisible: boolean;
  steps: { id: string; passed: boolean; checkedAt?: string; solution?: LabStep['solution'] }[];
}

const STEP = 'cache-aside';

/** Stops a wait at once when a seat failed: it would never become ready. */
function failOnFailedSeat(seats: { state: string }[]): void {
  if (seats.some((s) => s.state === 'failed')) throw new Error(JSON.stringify(seats));
}

// What the console and the lab self-service keep (the solutions flag, lab checks, the statement
// history and its pruning) on a PostgreSQL state database: the migration and every query of the
// repositories on the other engine than the SQLite suites.
describe('console: state on PostgreSQL', () => {
  const lab = createTestLab();
  let api: ControlApi | undefined;
  let client: ApiClient;
  let leader: string;
  let workshop: WorkshopView;
  let student: { sandboxId: string; token: string };

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
    workshop = await client.json<WorkshopView>('POST', 'workshops', {
      token: leader,
      body: { example: 'caching', seats: 1, endsAt, solutionsVisible: true },
    });
    student = await client.json('POST', 'workshops/join', { body: { code: workshop.joinCode, name: 'Ada' } });
    await waitFor(
      () => workshop.seats.every((s) => s.state === 'ready'),
      300_000,
      async () => {
        workshop = await client.json<WorkshopView>('GET', `workshops/${workshop.id}`, { token: leader });
        failOnFailedSeat(workshop.seats);
      },
    );
  });
  afterAll(async () => {
    await closeInstallation(lab, [api]);
    await lab.reap();
  });

  it('keeps the solutions flag given at creation and changed later', async () => {
    expect(workshop.solutionsVisible).toBe(true);
    const shown = await client.json<LabView>('GET', `sandboxes/${student.sandboxId}/lab`, { token: student.token });
    expect(shown.solutionsVisible).toBe(true);
    expect(shown.steps.find((s) => s.id === STEP)!.solution).toHaveLength(2);
    await client.json('PATCH', `workshops/${workshop.id}`, { token: leader, body: { solutionsVisible: false } });
    const hidden = await client.json<LabView>('GET', `sandboxes/${student.sandboxId}/lab`, { token: student.token });
    expect(hidden.solutionsVisible).toBe(false);
    expect(hidden.steps.map((s) => s.solution)).toEqual(hidden.steps.map(() => undefined));
  });

  it('keeps the latest check of a step, replacing the one before', async () => {
    const check = () =>
      client.json<{ passed: boolean; checkedAt: string }>(
        'POST',
        `sandboxes/${student.sandboxId}/lab/steps/${STEP}/check`,
        { token: student.token },
      );
    await check();
    const second = await check();
    const guide = await client.json<LabView>('GET', `sandboxes/${student.sandboxId}/lab`, { token: student.token });
    expect(guide.steps.find((s) => s.id === STEP)).toMatchObject({ passed: false, checkedAt: second.checkedAt });
    const board = await client.json<WorkshopView>('GET', `workshops/${workshop.id}`, { token: leader });
    expect(board.seats[0]!.progress!.steps.map((s) => s.id)).toContain(STEP);
  });

  it('keeps the last 50 console statements of the sandbox', async () => {
    const sandbox = await client.json<SandboxView>('GET', `sandboxes/${student.sandboxId}`, {
      token: student.token,
    });
    expect(sandbox.services.map((s) => s.name)).toContain('postgres');
    for (let i = 1; i <= 52; i++) {
      await client.json('POST', `sandboxes/${student.sandboxId}/query`, {
        token: student.token,
        body: { service: 'postgres', statement: `SELECT ${i} AS i` },
      });
    }
    const failed = await client.call('POST', `sandboxes/${student.sandboxId}/query`, {
      token: student.token,
      body: { service: 'postgres', statement: 'SELECT * FROM no_such_table' },
    });
    expect(failed.status).toBe(422);
    const history = await client.json<{ statement: string; ok: boolean; rowCount?: number }[]>(
      'GET',
      `sandboxes/${student.sandboxId}/queries`,
      { token: student.token },
    );
    expect(history).toHaveLength(50);
    expect(history[0]).toMatchObject({ statement: 'SELECT * FROM no_such_table', ok: false });
    expect(history[1]).toMatchObject({ statement: 'SELECT 52 AS i', ok: true, rowCount: 1 });
    expect(history[49]!.statement).toBe('SELECT 4 AS i');
  });
});
