import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { waitFor } from '../../support/wait-for';

const run = promisify(execFile);

/** The running Docker engine as /proc shows it. */
export interface Dockerd {
  pid: number;
  argv: string[];
  /** The `--default-address-pool` it was started with (docker/engine.sh's one flag). */
  addressPool: string;
}

/**
 * The dockerd this test may restart, or why not. Only an engine started by `docker/engine.sh`
 * qualifies (run as root, `dockerd --default-address-pool <pool>` and nothing else, not a systemd
 * service): restarting it through the same script then gives the very same flags, and the script
 * records the new pid where CI expects it ($LAB_ENGINE_PIDFILE).
 */
export function restartableDockerd(): Dockerd | string {
  if (process.getuid?.() !== 0) return 'not root';
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  const found = pids.filter((pid) => readProc(pid, 'comm').trim() === 'dockerd');
  if (found.length !== 1) return `${found.length} dockerd processes`;
  const pid = found[0]!;
  const argv = readProc(pid, 'cmdline').split('\0').filter(Boolean);
  if (argv.length !== 3 || argv[1] !== '--default-address-pool') {
    return `dockerd runs with other flags than docker/engine.sh's (${argv.join(' ')})`;
  }
  if (/\.service/.test(readProc(pid, 'cgroup'))) return 'dockerd is a systemd service';
  return { pid: Number(pid), argv, addressPool: argv[2]! };
}

/** SIGTERM, as `systemctl stop docker` would: containers are stopped, then the engine exits. */
export async function stopDockerd(dockerd: Dockerd): Promise<void> {
  process.kill(dockerd.pid, 'SIGTERM');
  await waitFor(() => !existsSync(`/proc/${dockerd.pid}`), 90_000);
}

/** Starts the engine again through docker/engine.sh, with the address pool it had; resolves once it answers. */
export async function startDockerd(dockerd: Dockerd): Promise<void> {
  // `env` adds the pool to this process's environment for the script. The new pid goes to CI's
  // LAB_ENGINE_PIDFILE only when CI started the engine we replace (the file holds its pid):
  // otherwise CI would stop, at its end, an engine that was running before it.
  // eslint-disable-next-line no-restricted-syntax -- .ci/run's pid file is CI's, not the product's configuration
  const pidFile = process.env.LAB_ENGINE_PIDFILE;
  const ciOwnsEngine = pidFile !== undefined && pidFile !== '' && readFileOrEmpty(pidFile).trim() !== '';
  const pidFileArgs = ciOwnsEngine ? [] : ['-u', 'LAB_ENGINE_PIDFILE'];
  await run('env', [...pidFileArgs, `LAB_DOCKER_ADDRESS_POOL=${dockerd.addressPool}`, 'bash', 'docker/engine.sh'], {
    timeout: 90_000,
  });
}

function readFileOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // the process ended while we looked
  }
}
