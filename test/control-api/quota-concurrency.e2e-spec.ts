import { expectData } from '@lab/api-client';
import type { SandboxRuntime } from '@lab/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_RUNTIME } from '../../apps/control-api/src/runtime/runtime.module';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient } from './support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';
import { closeInstallation, startStateDatabase } from './support/state-database';

/**
 * The real runtime without engine events. Two instances on one database both reconcile; one would
 * take a sandbox the other is provisioning for an interrupted one and provision it too, which is
 * not what this test is about: here they only reconcile at boot, before any launch.
 */
function withoutEngineEvents(runtime: SandboxRuntime): SandboxRuntime {
  return new Proxy(runtime, {
    get(target, property) {
      if (property === 'events') return async function* quiet() {};
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const PER_USER = 3;
const TOTAL = 6;

/**
 * Two API instances of one installation on the state `where` says (a PostgreSQL URL or a SQLite
 * folder), with this file's quotas, pushed to `into` as each starts (so a failed second start still
 * leaves the first to close); one after the other, so the first runs the migrations.
 */
async function startTwoInstances(
  runtime: SandboxRuntime,
  where: { databaseUrl: string } | { dataDir: string },
  into: ControlApi[],
): Promise<void> {
  const config = {
    ...where,
    examplesDir: 'test/fixtures/examples',
    reconcileIntervalMs: 3_600_000,
    rateLimitPerMinute: 100_000,
    provisionConcurrency: 2,
    quota: { perUser: PER_USER, total: TOTAL },
  };
  const overrides = [{ token: SANDBOX_RUNTIME, useValue: withoutEngineEvents(runtime) }];
  into.push(await startControlApi({ config, overrides }));
  into.push(await startControlApi({ config, overrides }));
}

// Counting and inserting are one atomic step: on PostgreSQL (READ COMMITTED), with two API
// instances on the same database, concurrent admissions never exceed a quota.
/** One new student asks for 20 sandboxes at once, alternating between the two instances. */
async function launchTwentyAtOnce(clients: ApiClient[]): Promise<{ student: string; statuses: number[] }> {
  const student = await clients[0]!.issueToken(ADMIN_TOKEN, 'racer');
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      clients[i % 2]!.call('POST', 'sandboxes', { token: student, body: { example: 'tiny-sql' } }),
    ),
  );
  return { student, statuses: responses.map((response) => response.status) };
}

describe('control API: quotas under concurrency (PostgreSQL, two API instances)', () => {
  const lab = createTestLab();
  const apis: ControlApi[] = [];
  let clients: ApiClient[];

  beforeAll(async () => {
    const databaseUrl = await startStateDatabase(lab);
    await startTwoInstances(lab.runtime, { databaseUrl }, apis);
    clients = apis.map((api) => new ApiClient(api.base));
  });
  afterAll(async () => {
    await closeInstallation(lab, apis);
    await lab.reap();
  });

  const liveCount = async () =>
    (await expectData(clients[0]!.as(ADMIN_TOKEN).GET('/api/sandboxes'))).filter((s) =>
      ['provisioning', 'ready', 'resetting', 'stopping'].includes(s.state),
    ).length;

  it('accepts exactly 3 of 20 concurrent launches by one user (quota 3), across both instances', async () => {
    expect(apis[1]!.app.get<LabInstance>(LAB_INSTANCE).id).toBe(apis[0]!.app.get<LabInstance>(LAB_INSTANCE).id);
    const { student, statuses } = await launchTwentyAtOnce(clients);
    expect(statuses.filter((status) => status === 202)).toHaveLength(PER_USER);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - PER_USER);
    const own = await expectData(clients[1]!.as(student).GET('/api/sandboxes'));
    expect(own).toHaveLength(PER_USER);
  });

  it('never lets concurrent workshop creations exceed LAB_QUOTA_TOTAL', async () => {
    const leader = await clients[0]!.issueToken(ADMIN_TOKEN, 'lead', 'leader');
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    // 3 of the 6 places are taken; each workshop asks for 2 seats: exactly one fits.
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        clients[i % 2]!.call('POST', 'workshops', { token: leader, body: { example: 'tiny-sql', seats: 2, endsAt } }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 429, 429, 429, 429, 429]);
    expect(await liveCount()).toBe(TOTAL - 1);
  });
});

// The same on the default SQLite state: two API instances on one file, each with its own connection.
describe('control API: quotas under concurrency (SQLite, two API instances on one file)', () => {
  const lab = createTestLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'lab-quota-'));
  const apis: ControlApi[] = [];

  beforeAll(async () => {
    await startTwoInstances(lab.runtime, { dataDir }, apis);
  });
  afterAll(async () => {
    await closeInstallation(lab, apis);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts exactly 3 of 20 concurrent launches by one user (quota 3), across both instances', async () => {
    const clients = apis.map((api) => new ApiClient(api.base));
    const { statuses } = await launchTwentyAtOnce(clients);
    expect(statuses.filter((status) => status === 202)).toHaveLength(PER_USER);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - PER_USER);
  });
});
