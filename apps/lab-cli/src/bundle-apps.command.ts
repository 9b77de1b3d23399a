import { compileSandbox, exampleManifestSchema, MANIFEST_FILE } from '@lab/catalog';
import { externalPackages, LockPackages, runtimeClosure } from '@lab/image-kit';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { parse } from 'yaml';

interface NestProject {
  type: string;
  root: string;
  sourceRoot: string;
  entryFile: string;
}

/**
 * What `/app/<project>/main.js` is in the image: it starts the bundle next to it with its code
 * cache (docker/lab-apps/boot.cjs, copied to /app/boot.cjs by the Dockerfile).
 */
const APP_MAIN = `// Made by \`lab bundle-apps\`: this app's webpack bundle, started with its V8 code cache.
require('../boot.cjs').startBundle(__dirname);
`;

/**
 * `lab bundle-apps <contextDir>`: the build context of the `lab-apps` image. Every Nest CLI project
 * under examples/ is bundled by webpack (what `nest build <project>` makes; the examples' bundles
 * hold their packages, see examples/webpack.examples.js) into `<context>/apps/<project>/bundle.js`,
 * started by `main.js` beside it; the few packages those bundles leave to `require` — with
 * everything they need, per the lockfile — are copied into `<context>/node_modules`. Each app also
 * gets the env of its warm-up run at image build (`warm-env.json`, see boot.cjs).
 */
export async function bundleAppsCommand(contextDir: string, log: (line: string) => void): Promise<number> {
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
    const bundle = readFileSync(output, 'utf8');
    writeFileSync(join(target, 'bundle.js'), await compactBundle(bundle));
    writeFileSync(join(target, 'main.js'), APP_MAIN);
    const warmEnv = warmUpEnv(name);
    if (warmEnv) writeFileSync(join(target, 'warm-env.json'), `${JSON.stringify(warmEnv, null, 2)}\n`);
    else log(`${name}: no lab.yaml runs it, so it gets no code cache`);
    bundles.push(bundle);
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

/**
 * The bundle as the image holds it: without comments and layout, and in ASCII only (other
 * characters escaped). V8 keeps an app's source in its heap for as long as it runs, and one
 * character outside Latin-1 (validator's alphabets, tr46's table) makes all ~11 M characters two
 * bytes each: ASCII and compact, the source is ~7 M one-byte characters, ~10 MiB less heap per
 * sandbox app (issue 15's per-seat budget), and less to read and scan at every start. Names are
 * kept (no mangling, no compression): Nest resolves providers by class name, and an app's stack
 * traces still name its functions.
 */
export async function compactBundle(code: string): Promise<string> {
  const result = await minify(code, {
    compress: false,
    mangle: false,
    format: { ascii_only: true, comments: false },
  });
  if (result.code === undefined) throw new Error('terser returned no code for the bundle');
  return result.code;
}

/**
 * The env an app is run with at image build to make its code cache: that of the first example
 * service that runs it (`node /app/<project>/main.js`), with throw-away secrets, and every other
 * service's host replaced by 127.0.0.1 (nothing listens there in the build, so the boot fails fast
 * with ECONNREFUSED and waits for its stores, the moment boot.cjs saves the cache).
 */
export function warmUpEnv(project: string): Record<string, string> | undefined {
  for (const dir of readdirSync('examples').sort()) {
    const file = join('examples', dir, MANIFEST_FILE);
    if (!existsSync(file)) continue;
    const { spec } = compileSandbox(exampleManifestSchema.parse(parse(readFileSync(file, 'utf8'))), 'image-build');
    const app = spec.services.find((service) => service.command?.includes(`/app/${project}/main.js`));
    if (!app) continue;
    const hosts = spec.services.map((service) => service.name).filter((name) => name !== app.name);
    return Object.fromEntries(
      Object.entries(app.env ?? {}).map(([key, value]) => [
        key,
        hosts.reduce(
          (text, host) => text.replaceAll(`@${host}:`, '@127.0.0.1:').replaceAll(`//${host}:`, '//127.0.0.1:'),
          value,
        ),
      ]),
    );
  }
  return undefined;
}

function exampleProjects(): Map<string, NestProject> {
  const cli = JSON.parse(readFileSync('nest-cli.json', 'utf8')) as { projects: Record<string, NestProject> };
  return new Map(
    Object.entries(cli.projects).filter(
      ([, project]) => project.type === 'application' && project.root.startsWith('examples/'),
    ),
  );
}
