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
