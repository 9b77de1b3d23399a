import type { LabSchemas } from '@lab/api-client';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, ExitCode } from './exit-codes';
import { childEnvironment } from './user-environment';

type Sandbox = LabSchemas['SandboxDto'];
type Service = LabSchemas['ServiceConnectionDto'];

/** How one engine's own client is started: its program, its arguments, its environment. */
export interface ClientLaunch {
  program: string;
  args: string[];
  /** Added to the environment: the password travels here (or in `files`), never in `args`. */
  env: Record<string, string>;
  /** Private files (0600, in a 0700 folder removed afterwards) the client reads, by name. */
  files?: Record<string, string>;
  /** Debian package that brings the program (for the "not installed" message). */
  package: string;
}

/**
 * The client command for `service`. `dir` is where private files will be written. Secrets never go
 * into `args`, which any user sees in `ps`.
 */
export function clientLaunchFor(service: Service, dir: string, extra: string[] = []): ClientLaunch {
  const user = service.username ?? '';
  const password = service.password ?? '';
  switch (service.engine) {
    case 'postgresql':
      return {
        program: 'psql',
        args: extra,
        env: {
          PGHOST: service.host,
          PGPORT: String(service.port),
          ...(user ? { PGUSER: user } : {}),
          ...(password ? { PGPASSWORD: password } : {}),
          ...(service.database ? { PGDATABASE: service.database } : {}),
        },
        package: 'postgresql-client',
      };
    case 'redis':
      return {
        program: 'redis-cli',
        args: ['-h', service.host, '-p', String(service.port), ...(user ? ['--user', user] : []), ...extra],
        env: password ? { REDISCLI_AUTH: password } : {},
        package: 'redis-tools',
      };
    case 'mariadb': {
      // An option file rather than MYSQL_PWD: every MariaDB/MySQL client reads it, and it is private.
      const file = join(dir, 'client.cnf');
      return {
        program: 'mariadb',
        args: [
          `--defaults-extra-file=${file}`,
          `--host=${service.host}`,
          `--port=${service.port}`,
          '--protocol=TCP',
          ...(user ? [`--user=${user}`] : []),
          ...(service.database ? [service.database] : []),
          ...extra,
        ],
        env: {},
        files: { 'client.cnf': `[client]\npassword=${escapeOption(password)}\n` },
        package: 'mariadb-client',
      };
    }
    case 'mongodb': {
      // mongosh takes a password only on its command line or a prompt: a private script connects.
      const file = join(dir, 'connect.js');
      return {
        program: 'mongosh',
        args: ['--nodb', '--quiet', '--shell', file, ...extra],
        env: {},
        files: { 'connect.js': `db = connect(${JSON.stringify(service.url)});\n` },
        package: 'mongodb-mongosh',
      };
    }
    default:
      throw new CliError(`service "${service.name}" is ${service.engine}, not a database: open ${service.url}`);
  }
}

/** Runs the engine's client for `serviceName` (default: the first database), attached to this terminal. */
export async function connectToService(
  sandbox: Sandbox,
  serviceName: string | undefined,
  extra: string[],
): Promise<number> {
  const databases = sandbox.services.filter((s) => s.engine !== 'http');
  const service =
    serviceName === undefined ? databases[0] : sandbox.services.find((candidate) => candidate.name === serviceName);
  if (!service) {
    const known = sandbox.services.map((s) => s.name).join(', ') || 'none';
    throw new CliError(
      serviceName === undefined
        ? `sandbox ${sandbox.id} has no database service`
        : `sandbox ${sandbox.id} has no service "${serviceName}" (its services: ${known})`,
      ExitCode.notFound,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'lab-connect-'));
  try {
    const launch = clientLaunchFor(service, dir, extra);
    for (const [name, content] of Object.entries(launch.files ?? {})) {
      writeFileSync(join(dir, name), content, { mode: 0o600 });
    }
    return await run(launch);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(launch: ClientLaunch): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(launch.program, launch.args, { stdio: 'inherit', env: childEnvironment(launch.env) });
    // The client owns the terminal: Ctrl-C is for it (cancel a query), not for lab.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    const done = () => process.off('SIGINT', ignore);
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(
        error.code === 'ENOENT'
          ? new CliError(`${launch.program} is not installed (Debian/Ubuntu: apt-get install ${launch.package})`)
          : error,
      );
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** A value for a MySQL option file: quoted, with backslashes and quotes escaped. */
function escapeOption(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
