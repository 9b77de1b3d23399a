import { compileSandbox, connectionUrl, exampleManifestSchema, type ExampleManifest } from '@lab/catalog';
import { execFile, spawnSync } from 'node:child_process';
import type { TestLab } from '../../support/lab-runtime';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program of this machine (no shell), with a time limit; never throws for a non-zero exit. */
export function runProgram(
  program: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

/**
 * Why a client program cannot be used here, or undefined when it is installed. `npm test` installs
 * Debian's clients first (docker/clients.sh) when it runs as root on Debian.
 */
export function missingProgram(program: string, packageName: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  if (found.status === 0) return undefined;
  return `${program} is not installed (Debian package ${packageName}; docker/clients.sh installs it as root on Debian)`;
}

/**
 * A MariaDB-only example, as a manifest would declare it (the catalog has none yet): the image's
 * root is the admin, `student` gets ALL on `lab_shop` only. The underscore is deliberate: in a
 * GRANT it is a wildcard unless escaped.
 */
export const MARIADB_EXAMPLE: ExampleManifest = exampleManifestSchema.parse({
  name: 'tiny-mariadb',
  title: 'Tiny MariaDB',
  summary: 'One MariaDB to poke at.',
  concepts: ['sql'],
  secrets: ['db-password', 'db-root-password'],
  services: [
    {
      name: 'mariadb',
      image: 'mariadb',
      env: {
        MARIADB_ROOT_PASSWORD: '${secret:db-root-password}',
        MARIADB_DATABASE: 'lab_shop',
        MARIADB_USER: 'student',
        MARIADB_PASSWORD: '${secret:db-password}',
      },
      ports: [3306],
      limits: { cpus: 1, memoryMb: 512, pids: 128 },
      readiness: { probes: [{ kind: 'mysql', port: 3306 }], timeoutMs: 90_000 },
      connection: {
        engine: 'mariadb',
        port: 3306,
        username: 'student',
        password: '${secret:db-password}',
        database: 'lab_shop',
      },
    },
  ],
});

export interface LaunchedMariadb {
  sandboxId: string;
  /** `mysql://student:…@127.0.0.1:<port>/lab_shop`, as the API shows it. */
  url: string;
  secrets: Record<string, string>;
}

export async function launchMariadb(lab: TestLab): Promise<LaunchedMariadb> {
  const compiled = compileSandbox(MARIADB_EXAMPLE, 'tester');
  const sandboxId = lab.sandboxId('tiny-mariadb');
  const sandbox = await lab.runtime.provision(sandboxId, compiled.spec, { labels: lab.labels });
  const endpoint = sandbox.services.find((s) => s.name === 'mariadb')!;
  const url = connectionUrl(compiled.connections[0]!, endpoint.host, endpoint.ports[3306]!);
  return { sandboxId, url, secrets: compiled.secrets };
}

/** The parts a `mariadb`/`mysql` command line takes, from a `mysql://` URL (the password goes in MYSQL_PWD). */
export function mysqlUrlParts(url: string): {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
} {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}
