import { compileSandbox, type ExampleManifest } from '@lab/catalog';
import { objectName, type SandboxSpecInput } from '@lab/runtime';
import { Client } from 'pg';
import { createTestLab } from '../support/lab-runtime';
import { launchExample, loadExamples, type LaunchedExample } from './support/launch-example';

// The PostgreSQL images with an example's seed baked in (docker/images.yaml `postgres-<example>`,
// docker/offline/postgres-seed): a sandbox of such an image is launched as a student gets it. Its app
// boots on the "kept" path (no migration, no seed, no admin session), the sandbox has only its own
// passwords (the one the image was built with opens nothing) and a reset brings back exactly the
// seed. On a machine where the kit resolves the official image instead, the same sandbox seeds at
// first boot (as its admin): what differs follows the resolved variant, everything else holds for both.
const lab = createTestLab();

/** docker/offline/postgres-seed/Dockerfile: both roles' password while the image is built. */
const BUILD_PASSWORD = 'lab-seed-build-only';

const BAKED = [
  { name: 'sql-vs-nosql', database: 'bookstore', kept: /PostgreSQL: kept/, seeded: /PostgreSQL: seeded/ },
  { name: 'caching', database: 'shop', kept: /postgres kept/, seeded: /postgres seeded/ },
];

/** The SQLSTATE a login fails with, or 'ok'. */
async function loginOutcome(url: URL): Promise<string> {
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withLogin(studentUrl: string, user: string, password: string, database?: string): URL {
  const url = new URL(studentUrl);
  url.username = user;
  url.password = password;
  if (database) url.pathname = `/${database}`;
  return url;
}

async function query<T>(url: URL | string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The example's sandbox with its app's admin URL given a wrong password: any admin session fails. */
function withWrongAdminPassword(example: ExampleManifest): SandboxSpecInput {
  const { spec } = compileSandbox(example, 'tester');
  const services = spec.services.map((service) => {
    if (service.name !== 'app') return service;
    const adminUrl = new URL(service.env?.['DATABASE_ADMIN_URL'] ?? '');
    adminUrl.password = 'not-the-admin-password';
    return { ...service, env: { ...service.env, DATABASE_ADMIN_URL: adminUrl.toString() } };
  });
  return { ...spec, services };
}

/** The app's log once the sandbox is ready, or `refused` when its launch failed. */
async function appLogOrRefused(sandboxId: string, spec: SandboxSpecInput): Promise<string> {
  try {
    await lab.runtime.provision(sandboxId, spec, { labels: lab.labels });
  } catch {
    return 'refused';
  }
  const logs = await lab.docker.logs(objectName.container(sandboxId, 'app'), 200);
  return logs.map((line) => line.text).join('\n');
}

afterAll(() => lab.reap());

describe.each(BAKED)('examples/$name on its PostgreSQL image with the seed baked in', (baked) => {
  let example: ExampleManifest;
  let sandbox: LaunchedExample;
  let expectedBoot: RegExp;
  /** How the student's login goes on PostgreSQL alone, before any app ran. */
  let studentLoginAlone: string;
  /** The app's boot with a wrong admin password. */
  let bootWithoutAdmin: RegExp;
  let studentUrl: string;

  beforeAll(async () => {
    example = loadExamples(lab).find((candidate) => candidate.name === baked.name)!;
    const key = example.services.find((service) => service.name === 'postgres')!.image;
    const offline = (await lab.images.resolve(key)).variant === 'offline';
    expectedBoot = offline ? baked.kept : baked.seeded;
    // The baked seed's student role gets this sandbox's password from the entrypoint (LAB_STUDENT_*)
    // and the app's boot needs no admin; the official image has no such role until the app's first
    // boot makes it as the admin (refused with a wrong admin password: the app exits).
    studentLoginAlone = offline ? 'ok' : '28P01';
    bootWithoutAdmin = offline ? baked.kept : /^refused$/;
    sandbox = await launchExample(lab, example);
    studentUrl = sandbox.target.connections['postgres']!;
  }, 300_000);

  it('boots the app on the seed the image holds (the kept path: no migration, no seed)', async () => {
    const logs = await lab.docker.logs(objectName.container(sandbox.sandboxId, 'app'), 200);
    expect(logs.map((line) => line.text).join('\n')).toMatch(expectedBoot);
    const databases = await query<{ datname: string }>(
      withLogin(studentUrl, 'lab_admin', sandbox.secrets['pg-admin-password']!, 'postgres'),
      `SELECT datname FROM pg_database WHERE datname LIKE '${baked.database}%' ORDER BY 1`,
    );
    expect(databases.map((row) => row.datname)).toEqual([baked.database, `${baked.database}_seed`]);
  });

  it("has only this sandbox's passwords: the image's build password opens neither role", async () => {
    const admin = withLogin(studentUrl, 'lab_admin', sandbox.secrets['pg-admin-password']!, 'postgres');
    expect(await loginOutcome(admin)).toBe('ok');
    expect(await loginOutcome(new URL(studentUrl))).toBe('ok');
    expect(await loginOutcome(withLogin(studentUrl, 'lab_admin', BUILD_PASSWORD, 'postgres'))).toBe('28P01');
    expect(await loginOutcome(withLogin(studentUrl, 'student', BUILD_PASSWORD))).toBe('28P01');
    const withPassword = await query<{ rolname: string }>(
      admin,
      'SELECT rolname FROM pg_authid WHERE rolpassword IS NOT NULL ORDER BY 1',
    );
    expect(withPassword.map((row) => row.rolname)).toEqual(['lab_admin', 'student']);
  });

  it('resets to exactly the seed, a password the student changed included', async () => {
    const seed = await sandbox.checksum();
    await query(
      studentUrl,
      `CREATE TABLE scratch (id integer PRIMARY KEY); INSERT INTO scratch VALUES (1);
       ALTER ROLE student PASSWORD 'changed-by-the-student'`,
    );
    expect(await sandbox.checksum()).not.toEqual(seed);
    expect(await loginOutcome(new URL(studentUrl))).toBe('28P01');

    expect((await sandbox.reset()).status).toBe(200);

    expect(await sandbox.checksum()).toEqual(seed);
    expect(await loginOutcome(new URL(studentUrl))).toBe('ok');
    expect(await query(studentUrl, `SELECT to_regclass('scratch') AS scratch`)).toEqual([{ scratch: null }]);
  });

  it('opens to this sandbox’s passwords only, before any app has run (PostgreSQL alone)', async () => {
    const compiled = compileSandbox(example, 'tester');
    const postgres = compiled.spec.services.filter((service) => service.name === 'postgres');
    const alone = await lab.runtime.provision(
      lab.sandboxId(`${baked.name.slice(0, 12)}-db`),
      { ...compiled.spec, services: postgres },
      { labels: lab.labels },
    );
    const endpoint = alone.services.find((service) => service.name === 'postgres')!;
    const url = `postgresql://student:${encodeURIComponent(compiled.secrets['pg-password']!)}@${endpoint.host}:${endpoint.ports[5432]}/${baked.database}`;
    expect(await loginOutcome(withLogin(url, 'lab_admin', compiled.secrets['pg-admin-password']!, 'postgres'))).toBe(
      'ok',
    );
    expect(await loginOutcome(withLogin(url, 'lab_admin', BUILD_PASSWORD, 'postgres'))).toBe('28P01');
    expect(await loginOutcome(withLogin(url, 'student', BUILD_PASSWORD))).toBe('28P01');
    expect(await loginOutcome(new URL(url))).toBe(studentLoginAlone);
  });

  it('boots with no admin session: a wrong admin password changes nothing on the baked seed', async () => {
    const sandboxId = lab.sandboxId(`${baked.name.slice(0, 12)}-noadm`);
    expect(await appLogOrRefused(sandboxId, withWrongAdminPassword(example))).toMatch(bootWithoutAdmin);
  });
});
