import { randomUUID } from 'node:crypto';
import type { ShellOptions, ShellSession, TerminalSize } from '../sandbox-runtime.port';
import { DockerClient } from './docker-client';

/** A login shell: it reads the image's profile (the toolbox's prompt and client defaults). */
const DEFAULT_SHELL = ['/bin/bash', '-l'];

/** The environment variable that marks the processes of one interactive shell. */
const SHELL_MARK = 'LAB_SHELL_SESSION';

/**
 * Ends every process whose environment holds `$1` (the mark): a hangup first, as a closed terminal
 * gives, then SIGKILL for what ignored it. Plain sh and /proc only, so it works in any image.
 */
const HANG_UP_MARKED = `
marked() {
  for dir in /proc/[0-9]*; do
    [ "\${dir#/proc/}" = "$$" ] && continue
    tr '\\0' '\\n' < "$dir/environ" 2>/dev/null | grep -qxF "$1" && echo "\${dir#/proc/}"
  done
}
pids=$(marked "$1"); [ -n "$pids" ] || exit 0
kill -HUP $pids 2>/dev/null; sleep 1
pids=$(marked "$1"); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
exit 0`;

/** What a TTY may be told: whole columns and rows within what any terminal emulator shows. */
export function checkedSize(size: TerminalSize): TerminalSize {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1_000;
  if (!ok(size.cols) || !ok(size.rows)) throw new RangeError(`terminal size ${size.cols}x${size.rows} is out of range`);
  return { cols: size.cols, rows: size.rows };
}

/**
 * A TTY shell in a container on the engine `docker` talks to (the Docker adapter's containers, the
 * Swarm adapter's tasks on the local node). Docker keeps an exec running when its connection
 * closes: the shell and what it started carry a mark in their environment, so `close` can find and
 * end them inside the container.
 */
export async function openShell(
  docker: DockerClient,
  locateContainer: () => Promise<string>,
  options: ShellOptions,
  onCloseFailure: (error: unknown) => void,
): Promise<ShellSession> {
  // A bad size is refused before the engine is asked anything.
  const size = checkedSize(options);
  const containerId = await locateContainer();
  const mark = randomUUID();
  const exec = await docker.execInteractive(containerId, options.command ?? DEFAULT_SHELL, {
    env: { ...options.env, [SHELL_MARK]: mark },
    ...size,
  });
  let closed = false;
  return {
    stream: exec.stream,
    resize: (next) => exec.resize(checkedSize(next)),
    exitCode: () => exec.exitCode(),
    close: () => {
      if (closed) return;
      closed = true;
      exec.stream.destroy();
      docker
        .exec(containerId, ['sh', '-c', HANG_UP_MARKED, 'hang-up', `${SHELL_MARK}=${mark}`], { timeoutMs: 10_000 })
        .catch(onCloseFailure);
    },
  };
}
