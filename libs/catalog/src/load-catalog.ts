import { engineDriver, type LabStatementKind } from '@lab/engines';
import { SpecValidationError, validateSandboxSpec } from '@lab/runtime';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { compileSandbox } from './compile-sandbox';
import { ExampleManifest, exampleManifestSchema } from './example-manifest.schema';
import { secretReferences } from './secrets';

export const MANIFEST_FILE = 'lab.yaml';

export interface CatalogProblem {
  file: string;
  path: string;
  message: string;
}

export interface Catalog {
  examples: ExampleManifest[];
  /** Broken manifests: reported with file and path, skipped; the others still load. */
  problems: CatalogProblem[];
}

/** Reads `<dir>/<name>/lab.yaml` for every example folder. */
export function loadCatalog(dir: string, allowedImages: readonly string[]): Catalog {
  const catalog: Catalog = { examples: [], problems: [] };
  if (!existsSync(dir)) return catalog;
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, MANIFEST_FILE);
    if (!statSync(join(dir, name)).isDirectory() || !existsSync(file)) continue;
    const result = loadManifest(file, name, allowedImages);
    const shown = relative(process.cwd(), file) || file;
    if ('problems' in result) catalog.problems.push(...result.problems.map((p) => ({ ...p, file: shown })));
    else catalog.examples.push(result.example);
  }
  return catalog;
}

type LoadResult = { example: ExampleManifest } | { problems: Omit<CatalogProblem, 'file'>[] };

function loadManifest(file: string, folder: string, allowedImages: readonly string[]): LoadResult {
  const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (document.errors.length > 0) {
    return { problems: document.errors.map((e) => ({ path: '', message: e.message.split('\n')[0]! })) };
  }
  const parsed = exampleManifestSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  const example = parsed.data;
  const problems = [...checkNames(example, folder), ...checkSecrets(example), ...checkReferences(example)];
  if (problems.length === 0) problems.push(...checkAgainstRuntime(example, allowedImages));
  return problems.length > 0 ? { problems } : { example };
}

function checkNames(example: ExampleManifest, folder: string) {
  return example.name === folder ? [] : [{ path: 'name', message: `must equal its folder name "${folder}"` }];
}

function checkSecrets(example: ExampleManifest) {
  const declared = new Set(example.secrets);
  return [...secretReferences(example.services)]
    .filter((name) => !declared.has(name))
    .map((name) => ({ path: 'services', message: `uses \${secret:${name}}, which is not listed under secrets` }));
}

function checkReferences(example: ExampleManifest) {
  const problems: Omit<CatalogProblem, 'file'>[] = [];
  example.services.forEach((service, index) => {
    if (service.connection && !service.ports.includes(service.connection.port)) {
      problems.push({ path: `services.${index}.connection.port`, message: "is not one of the service's ports" });
    }
  });
  if (!example.app && (example.reset || example.lab?.steps.some((step) => 'http' in step.check))) {
    problems.push({ path: example.reset ? 'reset' : 'lab', message: 'HTTP checks and reset need an `app`' });
  }
  // A `sql:` or `redis:` step needs a service whose engine answers that kind of step (@lab/engines).
  const stepKindOf = (name: string) => {
    const engine = example.services.find((s) => s.name === name)?.connection?.engine;
    return engine && engine !== 'http' ? engineDriver(engine).lab?.kind : undefined;
  };
  example.lab?.steps.forEach((step, index) => {
    const uses = [step.check, ...step.solution].flatMap((item): { service: string; kind: LabStatementKind }[] =>
      'sql' in item
        ? [{ service: item.sql.service, kind: 'sql' }]
        : 'redis' in item
          ? [{ service: item.redis.service, kind: 'redis' }]
          : [],
    );
    for (const use of uses) {
      if (stepKindOf(use.service) !== use.kind) {
        problems.push({
          path: `lab.steps.${index}`,
          message: `"${use.service}" has no connection for ${use.kind} steps`,
        });
      }
    }
  });
  const ids = example.lab?.steps.map((step) => step.id) ?? [];
  if (new Set(ids).size !== ids.length) problems.push({ path: 'lab.steps', message: 'step ids must be unique' });
  if (example.app) {
    const service = example.services.find((s) => s.name === example.app!.service);
    if (!service) problems.push({ path: 'app.service', message: `no service named "${example.app.service}"` });
    else if (!service.ports.includes(example.app.port)) {
      problems.push({ path: 'app.port', message: `is not one of the ports of "${service.name}"` });
    }
  }
  return problems;
}

/** The runtime's own checks (allowlist, host binds, dependency cycles…) on a sample compilation. */
function checkAgainstRuntime(example: ExampleManifest, allowedImages: readonly string[]) {
  try {
    validateSandboxSpec(compileSandbox(example, 'catalog-check').spec, allowedImages);
    return [];
  } catch (error) {
    if (!(error instanceof SpecValidationError)) throw error;
    return error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  }
}
