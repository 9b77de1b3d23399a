import { externalPackages, LockPackages, runtimeClosure } from '@lab/image-kit';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface NestProject {
  type: string;
  root: string;
  sourceRoot: string;
  entryFile: string;
}

/**
 * `lab bundle-apps <contextDir>`: the build context of the `lab-apps` image. Every Nest CLI project
 * under examples/ is bundled by webpack (what `nest build <project>` makes) into
 * `<context>/apps/<project>/main.js`, and the packages those bundles leave to `require` — with
 * everything they need, per the lockfile — are copied into `<context>/node_modules`.
 */
export function bundleAppsCommand(contextDir: string, log: (line: string) => void): number {
  const projects = exampleProjects();
  const bundles: string[] = [];
  rmSync(join(contextDir, 'apps'), { recursive: true, force: true });
  for (const [name, project] of projects) {
    if (!existsSync(join(project.sourceRoot, `${project.entryFile}.ts`))) {
      log(`${name}: no ${project.sourceRoot}/${project.entryFile}.ts yet, skipped`);
      continue;
    }
    log(`${name}: nest build (webpack)…`);
    execFileSync('npx', ['nest', 'build', name], { stdio: 'pipe', timeout: 300_000 });
    // Where the Nest CLI's webpack build puts it: dist/<project root>/<entry>.js.
    const output = join('dist', project.root, `${project.entryFile}.js`);
    if (!existsSync(output)) throw new Error(`${name}: expected the bundle at ${output}`);
    const target = join(contextDir, 'apps', name);
    mkdirSync(target, { recursive: true });
    cpSync(output, join(target, 'main.js'));
    bundles.push(readFileSync(output, 'utf8'));
  }

  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: LockPackages };
  const roots = [...new Set(bundles.flatMap((bundle) => externalPackages(bundle)))].sort();
  const paths = runtimeClosure(roots, lock.packages);
  log(`${bundles.length} app(s) need ${roots.length} package(s), ${paths.length} folder(s) with their dependencies`);
  rmSync(join(contextDir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(join(contextDir, 'node_modules'), { recursive: true });
  // The build context carries files, not folders: without one, COPY would find no node_modules.
  writeFileSync(join(contextDir, 'node_modules', '.lab-apps'), 'run-time packages of the example apps\n');
  mkdirSync(join(contextDir, 'apps'), { recursive: true });
  for (const path of paths) cpSync(path, join(contextDir, path), { recursive: true, dereference: true });
  writeFileSync(
    join(contextDir, 'apps', 'bundled.json'),
    `${JSON.stringify({ apps: [...projects.keys()], packages: roots }, null, 2)}\n`,
  );
  return 0;
}

function exampleProjects(): Map<string, NestProject> {
  const cli = JSON.parse(readFileSync('nest-cli.json', 'utf8')) as { projects: Record<string, NestProject> };
  return new Map(
    Object.entries(cli.projects).filter(
      ([, project]) => project.type === 'application' && project.root.startsWith('examples/'),
    ),
  );
}
