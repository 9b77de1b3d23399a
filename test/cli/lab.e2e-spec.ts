import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_INSTANCE, LabInstance } from '../../apps/control-api/src/settings/lab-instance';
import { freePort } from '../control-api/support/api-process';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';
import { createTestLab } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';
import {
  checkSchema,
  createdWorkshopSchema,
  errorSchema,
  exampleSchema,
  labSchema,
  logLineSchema,
  queryResultSchema,
  resetSchema,
  sandboxSchema,
  workshopSchema,
} from './support/lab-schemas';
import { LabUser, TEST_PATH } from './support/run-lab';

// The `lab` executable against a real control API and a real sql-vs-nosql sandbox: one API and one
// sandbox for the whole file (launched by `lab launch --wait` itself).
describe('cli: the lab command', () => {
  const lab = createTestLab();
  const student = new LabUser();
  const leader = new LabUser();
  let api: ControlApi;
  let client: ApiClient;
  let studentToken: string;
  let leaderToken: string;
  let sandboxId: string;
  let launch: { code: number | null; value: unknown; stderr: string };

  beforeAll(async () => {
    // One sandbox per student: the second launch is refused by the quota (exit 4).
    api = await startControlApi({ config: { quota: { perUser: 1, total: 10 } } });
    client = new ApiClient(api.base);
    studentToken = await client.issueToken(ADMIN_TOKEN, 'cli-student');
    leaderToken = await client.issueToken(ADMIN_TOKEN, 'cli-leader', 'leader');
    await student.run(['login', '--url', api.base], { input: `${studentToken}\n` });
    await leader.run(['login', '--url', api.base], { input: `${leaderToken}\n` });
    launch = await student.json(['launch', 'sql-vs-nosql', '--wait']);
    sandboxId = sandboxSchema.parse(launch.value).id;
  });
  afterAll(async () => {
    const instance = api?.app.get<LabInstance>(LAB_INSTANCE);
    await api?.close();
    for (const status of instance ? await lab.runtime.list({ 'lab.instance': instance.id }) : []) {
      await lab.runtime.destroy(status.id);
    }
    LabUser.removeAll();
  });

  describe('login', () => {
    it('stores the token read from stdin in a 0600 file of the config folder and never prints it', async () => {
      const user = new LabUser();
      const result = await user.run(['login', '--url', api.base], { input: `${studentToken}\n` });
      const file = join(user.home, 'config', 'backend-lab', 'credentials.json');
      expect(result.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: api.base, token: studentToken });
      expect(`${result.stdout}${result.stderr}`).not.toContain(studentToken);
    });

    it('refuses a token the API does not know, with the problem title, exit 1, nothing stored', async () => {
      const user = new LabUser();
      const result = await user.run(['login', '--url', api.base], { input: 'lab_not-a-real-token\n' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^lab: .+: .+/);
      expect(existsSync(join(user.home, 'config', 'backend-lab', 'credentials.json'))).toBe(false);
    });

    it('says clearly that an unreachable API cannot be reached, exit 1', async () => {
      const deadUrl = `http://127.0.0.1:${await freePort()}`;
      const result = await new LabUser().run(['login', '--url', deadUrl, '--token', 'whatever']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot reach the control API at ${deadUrl}`);
    });

    it('logout forgets the token; the next command says to log in, exit 1', async () => {
      const user = new LabUser();
      await user.run(['login', '--url', api.base], { input: studentToken });
      const logout = await user.run(['logout']);
      const after = await user.run(['ls']);
      expect(logout.code).toBe(0);
      expect(after).toMatchObject({ code: 1, stderr: expect.stringContaining('lab login') });
    });
  });

  describe('usage', () => {
    it('exits 2 with the usage of the command on a bad argument', async () => {
      const result = await student.run(['extend', sandboxId, 'soon']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: lab extend');
    });

    it('exits 2 on an unknown command, a missing argument and an unknown choice', async () => {
      const results = await Promise.all([
        student.run(['lunch']),
        student.run(['show']),
        student.run(['completion', 'fish']),
      ]);
      expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    });

    it('prints bash and zsh completion scripts that the shells parse', async () => {
      const bash = await student.run(['completion', 'bash']);
      const zsh = await student.run(['completion', 'zsh']);
      const scripts = mkdtempSync(join(tmpdir(), 'lab-completion-'));
      writeFileSync(join(scripts, 'lab.bash'), bash.stdout);
      expect(() => execFileSync('bash', ['-n', join(scripts, 'lab.bash')])).not.toThrow();
      expect(bash.stdout).toContain('complete -o default -F _lab_complete lab');
      expect(bash.stdout).toMatch(/"workshop"\) words="[^"]*\bboard\b/);
      expect(zsh.stdout).toContain('#compdef lab');
      rmSync(scripts, { recursive: true, force: true });
    });
  });

  describe('sandboxes', () => {
    it('launch --wait follows provisioning to ready, progress on stderr and the sandbox as JSON', () => {
      expect(launch.code).toBe(0);
      expect(sandboxSchema.parse(launch.value)).toMatchObject({ example: 'sql-vs-nosql', state: 'ready' });
      expect(launch.stderr).toBe('');
    });

    it('launch --wait without --json prints the provisioning steps as lines when stderr is no terminal', async () => {
      const other = new LabUser();
      await other.run(['login', '--url', api.base], { input: await client.issueToken(ADMIN_TOKEN, 'cli-other') });
      const result = await other.run(['launch', 'sql-vs-nosql', '--wait']);
      const id = /^id:\s+(sb-[0-9a-f]{16})$/m.exec(result.stdout)![1]!;
      await other.run(['rm', id]);
      rmSync(other.home, { recursive: true, force: true });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^state: provisioning$/m);
      expect(result.stderr).toMatch(/^state: ready$/m);
      expect(result.stderr).not.toContain('\r');
      expect(result.stdout).toMatch(/^state:\s+ready$/m);
    });

    it('lists the examples', async () => {
      const { code, value } = await student.json(['examples']);
      expect(code).toBe(0);
      expect(
        exampleSchema
          .array()
          .parse(value)
          .map((e) => e.name),
      ).toContain('sql-vs-nosql');
    });

    it('ls and show return the sandbox', async () => {
      const ls = await student.json(['ls']);
      const show = await student.json(['show', sandboxId]);
      expect(
        sandboxSchema
          .array()
          .parse(ls.value)
          .map((s) => s.id),
      ).toEqual([sandboxId]);
      expect(sandboxSchema.parse(show.value)).toMatchObject({ id: sandboxId, state: 'ready' });
    });

    it('show prints a table of the services without their passwords', async () => {
      const sandbox = sandboxSchema.parse((await student.json(['show', sandboxId])).value);
      const password = sandbox.services.find((s) => s.name === 'postgres')!.password!;
      const human = await student.run(['show', sandboxId]);
      expect(human.stdout).toMatch(/^postgres\s+postgresql\s+\S+:\d+\s+student/m);
      expect(human.stdout).not.toContain(password);
    });

    it('an unknown sandbox exits 3 with the problem title and detail', async () => {
      const result = await student.run(['show', 'sb-0000000000000000']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^lab: .+: There is no sandbox "sb-0000000000000000"/);
    });

    it('in JSON mode an error is a JSON problem on stderr', async () => {
      const result = await student.run(['--json', 'show', 'sb-0000000000000000']);
      expect(result.code).toBe(3);
      expect(errorSchema.parse(JSON.parse(result.stderr)).error.status).toBe(404);
    });

    it('a second launch beyond the quota exits 4', async () => {
      const result = await student.run(['launch', 'sql-vs-nosql']);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^lab: .+: .+/);
    });

    it('extend moves the expiry later', async () => {
      const before = sandboxSchema.parse((await student.json(['show', sandboxId])).value);
      const { code, value } = await student.json(['extend', sandboxId, '30']);
      expect(code).toBe(0);
      expect(Date.parse(sandboxSchema.parse(value).expiresAt)).toBeGreaterThan(Date.parse(before.expiresAt));
    });

    it('logs prints the service’s log lines as JSON lines', async () => {
      const result = await student.run(['--json', 'logs', sandboxId, 'postgres', '--tail', '20']);
      const lines = result.stdout.trim().split('\n');
      expect(result.code).toBe(0);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map((line) => logLineSchema.parse(JSON.parse(line)))).toContainEqual(
        expect.objectContaining({ text: expect.any(String) }),
      );
    });
  });

  describe('console', () => {
    it('query returns the rows as JSON', async () => {
      const { code, value } = await student.json([
        'query',
        sandboxId,
        'postgres',
        'SELECT id FROM books ORDER BY id LIMIT 2',
      ]);
      expect(code).toBe(0);
      expect(queryResultSchema.parse(value)).toMatchObject({ columns: ['id'], rows: [[1], [2]], rowCount: 2 });
    });

    it('query prints a table for people', async () => {
      const result = await student.run(['query', sandboxId, 'postgres', "SELECT 1 AS one, 'x' AS letter"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('one  letter\n---  ------\n1    x\n');
      expect(result.stderr).toMatch(/\(1 row, \d+ ms\)/);
    });

    it('query --explain returns the plan', async () => {
      const { value } = await student.json([
        'query',
        sandboxId,
        'postgres',
        'SELECT * FROM books WHERE id = 3',
        '--explain',
      ]);
      expect(JSON.stringify(queryResultSchema.parse(value).plan)).toContain('Plan');
    });

    it('an engine error exits 1 with the problem title and the engine’s message', async () => {
      const result = await student.run(['query', sandboxId, 'postgres', 'SELECT * FROM no_such_table']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^lab: .+: .*no_such_table/);
    });

    it('guide returns the steps of the lab', async () => {
      const { code, value } = await student.json(['guide', sandboxId]);
      expect(code).toBe(0);
      expect(labSchema.parse(value).steps.map((s) => s.id)).toContain('add-index');
    });

    it('check of an untouched step is not passed: exit 1, the result as JSON', async () => {
      const { code, value } = await student.json(['check', sandboxId, 'add-index']);
      expect(code).toBe(1);
      expect(checkSchema.parse(value)).toMatchObject({ step: 'add-index', passed: false });
    });

    it('check of an unknown step exits 3', async () => {
      expect((await student.run(['check', sandboxId, 'no-such-step'])).code).toBe(3);
    });
  });

  describe('connect', () => {
    it('runs the real psql as the student, the password by environment', async () => {
      const result = await student.run(['connect', sandboxId, 'postgres', '--', '-tAc', 'SELECT current_user']);
      expect(result).toMatchObject({ code: 0, stdout: 'student\n' });
    });

    it('gives the client the database password but neither the token nor any secret in its arguments', async () => {
      // A stand-in psql first on PATH that writes down what it was given.
      const bin = mkdtempSync(join(tmpdir(), 'lab-fake-psql-'));
      const seen = join(bin, 'seen.json');
      writeFileSync(
        join(bin, 'psql'),
        `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ argv: process.argv, env: process.env }));\n`,
      );
      chmodSync(join(bin, 'psql'), 0o755);
      const sandbox = sandboxSchema.parse((await student.json(['show', sandboxId])).value);
      const password = sandbox.services.find((s) => s.name === 'postgres')!.password!;
      const result = await student.run(['connect', sandboxId], { env: { PATH: `${bin}:${TEST_PATH}` } });
      const child = JSON.parse(readFileSync(seen, 'utf8')) as { argv: string[]; env: Record<string, string> };
      rmSync(bin, { recursive: true, force: true });
      expect(result.code).toBe(0);
      expect(child.env.PGPASSWORD).toBe(password);
      expect(child.env).toMatchObject({ PGUSER: 'student' });
      expect(JSON.stringify(child.env)).not.toContain(studentToken);
      expect(child.argv.join(' ')).not.toContain(password);
      expect(child.argv.join(' ')).not.toContain(studentToken);
    });

    it('says which client is missing when it is not installed', async () => {
      // A PATH with node (lab runs on it) and nothing else.
      const bin = mkdtempSync(join(tmpdir(), 'lab-no-clients-'));
      symlinkSync(process.execPath, join(bin, 'node'));
      const result = await student.run(['connect', sandboxId, 'postgres'], { env: { PATH: bin } });
      rmSync(bin, { recursive: true, force: true });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('psql is not installed');
    });

    it('an unknown service exits 3', async () => {
      expect((await student.run(['connect', sandboxId, 'nope'])).code).toBe(3);
    });
  });

  it('the token is in no argv or environment of a running lab, nor in ps output', async () => {
    const child = student.spawn(['logs', sandboxId, 'postgres', '-f']);
    let out = '';
    // PostgreSQL logs to stderr, and lab prints each line on the stream it came from.
    for (const stream of [child.stdout!, child.stderr!])
      stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      // A line written while it follows: a failing statement, which PostgreSQL logs.
      await waitFor(
        () => out.includes('lab_cli_follow_marker'),
        60_000,
        async () => {
          await client.as(studentToken).POST('/api/sandboxes/{id}/query', {
            params: { path: { id: sandboxId } },
            body: { service: 'postgres', statement: 'SELECT * FROM lab_cli_follow_marker' },
          });
        },
      );
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
      const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(cmdline).toContain('logs');
      expect([cmdline, environ, ps].filter((text) => text.includes(studentToken))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  });

  describe('workshop', () => {
    let workshopId: string;

    beforeAll(async () => {
      const created = await leader.json(['workshop', 'create', 'sql-vs-nosql', '--seats', '1', '--minutes', '30']);
      workshopId = createdWorkshopSchema.parse(created.value).id;
    });

    it('ls shows the workshop to its leader', async () => {
      const { code, value } = await leader.json(['workshop', 'ls']);
      expect(code).toBe(0);
      expect(
        workshopSchema
          .array()
          .parse(value)
          .map((w) => w.id),
      ).toContain(workshopId);
    });

    it('board --once prints one row per seat', async () => {
      const result = await leader.run(['workshop', 'board', workshopId, '--once']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^SEAT\s+STUDENT\s+STATE\s+LAB/m);
      expect(result.stdout).toMatch(/^1\s+-\s+(provisioning|ready)/m);
    });

    it('board --json gives the workshop', async () => {
      const { value } = await leader.json(['workshop', 'board', workshopId]);
      expect(workshopSchema.parse(value).seats).toHaveLength(1);
    });

    it('release of a free seat gives the seat back, still free', async () => {
      const { code, value } = await leader.json(['workshop', 'release', workshopId, '1']);
      expect(code).toBe(0);
      expect(value).toMatchObject({ seat: 1 });
      expect(value).not.toHaveProperty('student');
    });

    it('release of a seat that does not exist exits 3', async () => {
      expect((await leader.run(['workshop', 'release', workshopId, '7'])).code).toBe(3);
    });

    it('a student may not use the leader commands: the role is refused, exit 1', async () => {
      const result = await student.run(['workshop', 'board', workshopId, '--once']);
      expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/^lab: .+: .+/) });
    });

    it('end ends it', async () => {
      const { code, value } = await leader.json(['workshop', 'end', workshopId]);
      expect(code).toBe(0);
      expect(workshopSchema.parse(value).endedAt).toEqual(expect.any(String));
    });
  });

  describe('last: reset and rm', () => {
    it('reset starts a reset of the sandbox', async () => {
      const { code, value } = await student.json(['reset', sandboxId]);
      expect(code).toBe(0);
      expect(resetSchema.parse(value).sandboxId).toBe(sandboxId);
    });

    it('rm removes the sandbox', async () => {
      const { code, value } = await student.json(['rm', sandboxId]);
      expect(code).toBe(0);
      expect(['stopping', 'deleted']).toContain(sandboxSchema.parse(value).state);
    });
  });
});
