import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/** The `packages` map of an npm v7+ lockfile: install path → what is there. */
export type LockPackages = Record<
  string,
  {
    version?: string;
    dev?: boolean;
    optional?: boolean;
    link?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  }
>;

const BUILTINS = new Set(builtinModules);

/**
 * Packages a webpack bundle leaves to `require` at run time (its externals), by package name:
 * `require("@nestjs/core")` and `require("pg/lib/x")` give `@nestjs/core` and `pg`.
 */
export function externalPackages(bundle: string): string[] {
  const names = new Set<string>();
  for (const match of bundle.matchAll(/require\("([^"./][^"]*)"\)/g)) {
    const specifier = match[1]!;
    if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return [...names].sort();
}

/**
 * Every install path (`node_modules/…`) the given packages need at run time, following Node's
 * resolution through the lockfile: a dependency is looked up in the requiring package's own
 * `node_modules`, then in each parent's, then at the top. Missing optional and peer dependencies
 * are skipped (Node tolerates them too); a missing required one is an error.
 */
export function runtimeClosure(roots: string[], packages: LockPackages): string[] {
  const needed = new Set<string>();
  const visit = (path: string) => {
    if (needed.has(path)) return;
    needed.add(path);
    const entry = packages[path]!;
    const required = Object.keys(entry.dependencies ?? {});
    const optional = [...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})];
    for (const name of required) {
      const found = resolveFrom(path, name, packages);
      if (!found) throw new Error(`${path} needs ${name}, which the lockfile does not install`);
      visit(found);
    }
    for (const name of optional) {
      const found = resolveFrom(path, name, packages);
      if (found) visit(found);
    }
  };
  for (const name of roots) {
    const top = `node_modules/${name}`;
    if (!packages[top]) throw new Error(`the bundle needs ${name}, which is not installed (add it to dependencies)`);
    visit(top);
  }
  // A path inside another needed path comes with its parent's folder: keep only the outermost.
  const sorted = [...needed].sort();
  return sorted.filter((path) => !sorted.some((other) => other !== path && path.startsWith(`${other}/`)));
}

function resolveFrom(from: string, name: string, packages: LockPackages): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = posix.join(dir, 'node_modules', name);
    if (packages[candidate]) return candidate;
    const parent = dir.lastIndexOf('/node_modules/');
    if (parent < 0) break;
    dir = dir.slice(0, parent);
  }
  return packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
}
