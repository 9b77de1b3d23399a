import { parseWorkload } from '@lab/compare';
import { kitImageKeys, loadImageKit } from '@lab/image-kit';
import { loadCatalog } from '@lab/catalog';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const workloadsDir = join(__dirname, 'workloads');

describe('the compare example', () => {
  it('loads as a manifest with equal limits on every engine', () => {
    // The allowlist the control API gives the catalog: every key of the image kit.
    const catalog = loadCatalog(
      join(__dirname, '..'),
      kitImageKeys(loadImageKit(join(__dirname, '../../docker/images.yaml'))),
    );
    expect(catalog.problems.filter((p) => p.file.includes('compare'))).toEqual([]);
    const example = catalog.examples.find((e) => e.name === 'compare')!;
    const engines = example.services.filter((s) => s.connection);
    expect(engines.map((s) => s.connection!.engine)).toEqual(['postgresql', 'mariadb', 'redis']);
    expect(new Set(engines.map((s) => JSON.stringify(s.limits))).size).toBe(1);
  });

  it.each(readdirSync(workloadsDir).filter((f) => f.endsWith('.yaml')))('has a valid workload %s', (file) => {
    const workload = parseWorkload(readFileSync(join(workloadsDir, file), 'utf8'));
    expect(`${workload.name}.yaml`).toBe(file);
  });
});
