import { compileSandbox, connectionUrl, exampleManifestSchema } from '@lab/catalog';
import { spawnSync } from 'node:child_process';
import type { LaunchedExample } from '../examples/support/launch-example';
import { launchExample, loadExamples } from '../examples/support/launch-example';
import { createTestLab } from '../support/lab-runtime';
import { launchMariadb, missingProgram, mysqlUrlParts, runProgram, type LaunchedMariadb } from './support/isolation';

// The connection URLs the API hands out, pasted into Debian's own clients (bookworm: psql 15,
// redis-cli 7.0, mariadb 10.11) against real sandboxes. `npm test` installs the clients first
// (docker/clients.sh); where that is impossible, each test says what is missing and is skipped.
const lab = createTestLab();
const missing = {
  psql: missingProgram('psql', 'postgresql-client'),
  redisCli: missingProgram('redis-cli', 'redis-tools'),
  mariadb: missingProgram('mariadb', 'mariadb-client'),
  mongosh: missingProgram('mongosh', 'none: MongoDB ships it outside Debian'),
};
/** A test that needs a program: skipped when it is missing (its title names what it needs; the reason is printed). */
const needing = (reason: string | undefined) => {
  if (reason) console.warn(`SKIPPED a client URL test: ${reason}`);
  return reason ? it.skip : it;
};

let caching: LaunchedExample | undefined;
let mariadb: LaunchedMariadb | undefined;

beforeAll(async () => {
  if (!missing.psql || !missing.redisCli) {
    caching = await launchExample(
      lab,
      loadExamples(lab).find((example) => example.name === 'caching')!,
    );
  }
  if (!missing.mariadb) mariadb = await launchMariadb(lab);
}, 300_000);
afterAll(() => lab.reap());

needing(missing.psql)('psql connects with the PostgreSQL URL as given (needs Debian postgresql-client)', async () => {
  const url = caching!.target.connections['postgres']!;
  const result = await runProgram('psql', [url, '-XAtc', 'SELECT current_user, current_database()']);
  expect(result).toMatchObject({ exitCode: 0, stdout: 'student|shop\n' });
});

needing(missing.redisCli)('redis-cli -u connects with the Redis URL as given (needs Debian redis-tools)', async () => {
  const url = caching!.target.connections['redis']!;
  expect(url).toMatch(/^redis:\/\/student:[^@]+@127\.0\.0\.1:\d+$/);
  const ping = await runProgram('redis-cli', ['-u', url, '--no-auth-warning', 'PING']);
  expect(ping).toMatchObject({ exitCode: 0, stdout: 'PONG\n' });
  const seeded = await runProgram('redis-cli', ['-u', url, '--no-auth-warning', 'EXISTS', 'lab:keys']);
  expect(seeded.stdout).toBe('1\n');
});

needing(missing.mariadb)(
  'mariadb connects with the parts of the MariaDB URL, password in MYSQL_PWD (needs Debian mariadb-client)',
  async () => {
    const { host, port, user, password, database } = mysqlUrlParts(mariadb!.url);
    const result = await runProgram(
      'mariadb',
      ['-h', host, '-P', port, '-u', user, database, '-Nse', 'SELECT CURRENT_USER(), DATABASE()'],
      { MYSQL_PWD: password },
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: 'student@%\tlab_shop\n' });
  },
);

// mongosh is no Debian package, and MongoDB has no offline image: both must be here.
const mongoReason =
  missing.mongosh ??
  (spawnSync('docker', ['image', 'inspect', 'mongo:7'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'the mongo:7 image is not on this machine (no offline recipe exists)');
needing(mongoReason)(
  'mongosh connects with the MongoDB URL as given (needs mongosh, no Debian package, and the mongo:7 image)',
  async () => {
    const example = exampleManifestSchema.parse({
      name: 'tiny-mongo',
      title: 'Tiny MongoDB',
      summary: 'One MongoDB to poke at.',
      concepts: ['nosql'],
      secrets: ['mongo-password'],
      services: [
        {
          name: 'mongo',
          image: 'mongo',
          env: { MONGO_INITDB_ROOT_USERNAME: 'student', MONGO_INITDB_ROOT_PASSWORD: '${secret:mongo-password}' },
          ports: [27017],
          limits: { cpus: 1, memoryMb: 768, pids: 256 },
          readiness: { probes: [{ kind: 'tcp', port: 27017 }], timeoutMs: 90_000 },
          connection: {
            engine: 'mongodb',
            port: 27017,
            username: 'student',
            password: '${secret:mongo-password}',
            database: 'shop',
          },
        },
      ],
    });
    const compiled = compileSandbox(example, 'tester');
    const sandbox = await lab.runtime.provision(lab.sandboxId('tiny-mongo'), compiled.spec, { labels: lab.labels });
    const endpoint = sandbox.services[0]!;
    const url = connectionUrl(compiled.connections[0]!, endpoint.host, endpoint.ports[27017]!);
    const result = await runProgram('mongosh', [url, '--quiet', '--eval', 'db.runCommand({ ping: 1 }).ok']);
    expect(result).toMatchObject({ exitCode: 0, stdout: '1\n' });
  },
  180_000,
);
