import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashInputs } from './input-hash';

/** One build `npm start` needs: what it reads, what it writes, how it is made. */
export interface BuildTarget {
  name: string;
  /** Files and folders (relative to the repository) whose content decides the output. */
  inputs: readonly string[];
  /** The file whose absence means "never built". */
  output: string;
  command: readonly string[];
}

/** Shared by every build: the packages (manifest and lockfile) and the TypeScript settings. */
const COMMON_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json'];

/** The control API's inputs, one list for everything that builds it (see that file). */
export const CONTROL_API_INPUTS_FILE = 'apps/control-api/bundle-inputs.json';
const controlApiInputs = (JSON.parse(readFileSync(CONTROL_API_INPUTS_FILE, 'utf8')) as { inputs: string[] }).inputs;

export const BUILD_TARGETS: readonly BuildTarget[] = [
  {
    name: 'control-api',
    inputs: controlApiInputs,
    output: 'dist/apps/control-api/main.js',
    command: ['npx', 'nest', 'build', 'control-api'],
  },
  {
    name: 'web',
    // The web app imports only @lab/api-client among the libraries (vite.config.ts's alias).
    inputs: [...COMMON_INPUTS, 'apps/web', 'libs/api-client'],
    output: 'dist/web/index.html',
    command: ['npx', 'vite', 'build', 'apps/web'],
  },
];

/** Where the hash of the inputs of a target's last successful build is kept (beside the output, outside what is served). */
export const HASH_DIR = 'dist/.build-inputs';

export type BuildOutcome = 'up to date' | 'built';

/**
 * Builds the target unless its output exists and was built from inputs with the same content hash.
 * The hash is taken before the build: a file changed while it runs makes the next start build again.
 */
export function buildIfChanged(
  root: string,
  target: BuildTarget,
  options: { force?: boolean; run?: (command: readonly string[]) => void } = {},
): BuildOutcome {
  const run = options.run ?? ((command) => runCommand(root, command));
  const hashFile = join(root, HASH_DIR, target.name);
  const hash = hashInputs(root, target.inputs);
  const previous = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : undefined;
  if (!options.force && previous === hash && existsSync(join(root, target.output))) return 'up to date';
  // A failed build must not leave the old hash beside a half-written output.
  rmSync(hashFile, { force: true });
  run(target.command);
  mkdirSync(dirname(hashFile), { recursive: true });
  writeFileSync(hashFile, `${hash}\n`);
  return 'built';
}

function runCommand(root: string, command: readonly string[]): void {
  const [file, ...args] = command;
  const result = spawnSync(file!, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message})`);
  }
}
