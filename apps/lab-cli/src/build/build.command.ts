import { BUILD_TARGETS, buildIfChanged } from './build-targets';

/**
 * `npm start`'s build step: each target is built only when the content hash of its inputs differs
 * from the one of its last build (or its output is missing), so a start with nothing changed
 * skips webpack and vite altogether. `--force` builds everything.
 */
export function buildCommand(root: string, force: boolean, log: (line: string) => void): number {
  for (const target of BUILD_TARGETS) {
    const started = performance.now();
    const outcome = buildIfChanged(root, target, { force });
    log(`${target.name}: ${outcome} (${Math.round(performance.now() - started)} ms)`);
  }
  return 0;
}
