import { containsJson, loadCatalog } from '@lab/catalog';
import { kitImageKeys, loadImageKit } from '@lab/image-kit';
import { expectedOrderHistory, expectedTopBooks, generateBookstore } from '@lab/seed';
import { join } from 'node:path';
import { SEED } from './config';

/**
 * Both manifests that run this app (sql-vs-nosql, and sql-vs-nosql-mongo, which cannot be launched
 * where there is no MongoDB image) must load in the catalog, and the answers their look-only checks
 * expect must be the seed's. The e2e test runs every check of the first one against a live app.
 */
describe('lab.yaml of sql-vs-nosql and sql-vs-nosql-mongo', () => {
  // The allowlist the control API gives the catalog: every key of the image kit.
  const kit = loadImageKit(join(__dirname, '../../../docker/images.yaml'));
  const catalog = loadCatalog(join(__dirname, '../..'), kitImageKeys(kit));
  const ours = ['sql-vs-nosql', 'sql-vs-nosql-mongo'];
  const seed = generateBookstore({ seed: SEED, size: 3 });

  it('loads both, with no problem reported for either', () => {
    expect(catalog.problems.filter((p) => ours.some((name) => p.file.includes(`${name}/`)))).toEqual([]);
    expect(catalog.examples.map((e) => e.name)).toEqual(expect.arrayContaining(ours));
  });

  it.each(ours)('%s: runs the app with the contract’s reset and a 5–7 step lab', (name) => {
    const example = catalog.examples.find((e) => e.name === name)!;
    const app = example.services.find((s) => s.name === 'app')!;
    expect(app).toMatchObject({ image: 'lab-apps', command: ['node', '/app/sql-vs-nosql/main.js'], ports: [3000] });
    expect(app.readiness?.probes).toEqual([expect.objectContaining({ kind: 'http', port: 3000, path: '/health' })]);
    expect(example.app).toEqual({ service: 'app', port: 3000, path: '/docs' });
    expect(example.reset).toEqual({ http: { method: 'POST', path: '/lab/reset' } });
    const steps = example.lab!.steps;
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.length).toBeLessThanOrEqual(7);
    expect(steps.filter((s) => s.solution.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  /** The HTTP checks of an example's steps. */
  const httpChecks = (name: string) =>
    catalog.examples.find((e) => e.name === name)!.lab!.steps.flatMap((s) => ('http' in s.check ? [s.check.http] : []));
  /** The seed's own answer for a checked path, when the seed can tell it. */
  const oracle = (path: string): unknown => {
    const history = /^\/\w+\/customers\/(\d+)\/orders$/.exec(path);
    if (history) return expectedOrderHistory(seed, Number(history[1]));
    const top = /^\/\w+\/top-books\?limit=(\d+)$/.exec(path);
    return top ? expectedTopBooks(seed, Number(top[1])) : undefined;
  };

  it.each(ours)('%s: expects exactly the seed’s order history and top books', (name) => {
    const checks = httpChecks(name);
    const verified = checks.filter((check) => oracle(check.path) !== undefined);
    expect(verified.length).toBe(2);
    for (const check of verified)
      expect({ path: check.path, ok: containsJson(oracle(check.path), check.expect.json) }).toEqual({
        path: check.path,
        ok: true,
      });
  });
});
