import { connectionUrl } from '@lab/engines';
import { generateSecret } from '@lab/runtime/testing/sample-specs';
import type { SandboxSpecInput } from '@lab/runtime';
import type { TestLab } from '../../support/lab-runtime';

/**
 * One sandbox per engine for a test file, from the image kit, through @lab/runtime with the kit's
 * readiness probes; each answers the connection URL a student would be given (@lab/engines'
 * connectionUrl, so the tests also show that the real clients accept it).
 */
export async function startPostgres(lab: TestLab, name = 'pg'): Promise<string> {
  const password = generateSecret();
  const { host, ports } = await provisionOne(lab, name, {
    name: 'postgres',
    image: 'postgres',
    env: { POSTGRES_USER: 'lab', POSTGRES_PASSWORD: password, POSTGRES_DB: 'lab' },
    ports: [5432],
    limits: { cpus: 1, memoryMb: 512, pids: 128 },
    readiness: {
      probes: [{ kind: 'engine', engine: 'postgresql', port: 5432, user: 'lab', password, database: 'lab' }],
      timeoutMs: 60_000,
      intervalMs: 25,
    },
  });
  return connectionUrl('postgresql', { username: 'lab', password, database: 'lab' }, host, ports[5432]!);
}

/** MariaDB with an ordinary user (ALL on its database only), as students get it. */
export async function startMariadb(lab: TestLab, name = 'maria'): Promise<string> {
  const password = generateSecret();
  const { host, ports } = await provisionOne(lab, name, {
    name: 'mariadb',
    image: 'mariadb',
    env: {
      MARIADB_ROOT_PASSWORD: generateSecret(),
      MARIADB_DATABASE: 'shop',
      MARIADB_USER: 'student',
      MARIADB_PASSWORD: password,
    },
    ports: [3306],
    limits: { cpus: 1, memoryMb: 512, pids: 128 },
    readiness: { probes: [{ kind: 'mysql', port: 3306 }], timeoutMs: 90_000, intervalMs: 50 },
  });
  return connectionUrl('mariadb', { username: 'student', password, database: 'shop' }, host, ports[3306]!);
}

/** Redis with an ACL user `student` (all commands), the `default` user off, as the lessons run it. */
export async function startRedis(lab: TestLab, name = 'redis'): Promise<string> {
  const password = generateSecret();
  const { host, ports } = await provisionOne(lab, name, {
    name: 'redis',
    image: 'redis',
    command: [
      'redis-server',
      '--user',
      'default',
      'off',
      '--user',
      'student',
      'on',
      `>${password}`,
      '~*',
      '&*',
      '+@all',
    ],
    ports: [6379],
    limits: { cpus: 0.5, memoryMb: 256, pids: 64 },
    readiness: {
      probes: [{ kind: 'redis', port: 6379, user: 'student', password }],
      timeoutMs: 30_000,
      intervalMs: 25,
    },
  });
  return connectionUrl('redis', { username: 'student', password }, host, ports[6379]!);
}

/** One service in a sandbox of the test lab, with the lab's labels; answers where it listens. */
async function provisionOne(lab: TestLab, name: string, service: SandboxSpecInput['services'][number]) {
  const sandbox = await lab.runtime.provision(
    lab.sandboxId(name),
    { example: 'engines-check', owner: 'tester', services: [service] },
    { labels: lab.labels },
  );
  return sandbox.services[0]!;
}
