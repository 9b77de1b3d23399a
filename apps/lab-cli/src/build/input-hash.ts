import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Never an input of a build: installed packages, build output, VCS data. */
const NEVER_INPUT = new Set(['node_modules', 'dist', '.git']);

/**
 * The content hash of a build's inputs: every file under the given paths (relative to `root`),
 * by path and content, in a stable order. A changed, added, removed or renamed file changes it;
 * touching a file without changing it (a checkout, a copy) does not. A missing path counts as
 * "missing", so creating it later changes the hash too.
 */
export function hashInputs(root: string, paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of [...paths].sort()) {
    const absolute = join(root, path);
    if (!existsSync(absolute)) {
      hash.update(`missing ${path}\0`);
      continue;
    }
    for (const file of filesUnder(absolute)) {
      hash.update(`${relative(root, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((entry) => !NEVER_INPUT.has(entry))
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}
