import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Files of a build context, sorted. Names listed in the context's .gitignore are generated
 * (e.g. a binary fetched by a prepare script) and are sent to the build but never hashed.
 */
export function contextFiles(contextDir: string, options: { includeIgnored: boolean }): string[] {
  const ignored = options.includeIgnored ? new Set<string>() : ignoredNames(contextDir);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(contextDir, path);
      if (ignored.has(rel.split('/')[0]!)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.push(rel);
    }
  };
  walk(contextDir);
  return files;
}

/** sha256 over the given parts and each file's path and bytes: equal hash ⇒ equal image. */
export function recipeHash(parts: string[], contextDir?: string): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  if (contextDir) {
    for (const file of contextFiles(contextDir, { includeIgnored: false })) {
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(join(contextDir, file)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 20);
}

function ignoredNames(contextDir: string): Set<string> {
  const file = join(contextDir, '.gitignore');
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/^\//, '').replace(/\/$/, ''))
      .filter((line) => line && !line.startsWith('#')),
  );
}

/**
 * sha256 over source files (folders walked in name order; `node_modules`, `dist` and test specs
 * skipped): the inputs of an image built from the project's own code.
 */
export function sourceFilesHash(root: string, paths: string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name === 'node_modules' || name === 'dist' || name.endsWith('.spec.ts')) continue;
        visit(join(path, name));
      }
      return;
    }
    // Relative names: the same sources hash alike wherever the checkout lives.
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const path of paths) visit(join(root, path));
  return hash.digest('hex');
}
