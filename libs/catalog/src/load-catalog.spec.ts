import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from './load-catalog';

const allowed = ['postgres', 'redis', 'node'];

const validManifest = `
name: tiny-sql
title: Tiny SQL
summary: One PostgreSQL to poke at.
concepts: [sql]
secrets: [pg]
services:
  - name: postgres
    image: postgres
    env: { POSTGRES_USER: lab, POSTGRES_PASSWORD: '\${secret:pg}', POSTGRES_DB: lab }
    ports: [5432]
    readiness:
      probes: [{ kind: postgres, port: 5432, user: lab, password: '\${secret:pg}', database: lab }]
    connection: { engine: postgresql, port: 5432, username: lab, password: '\${secret:pg}', database: lab }
`;

function catalogDir(manifests: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [folder, text] of Object.entries(manifests)) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'lab.yaml'), text);
  }
  return dir;
}

describe('loadCatalog', () => {
  it('loads a valid manifest', () => {
    const catalog = loadCatalog(catalogDir({ 'tiny-sql': validManifest }), allowed);
    expect(catalog.problems).toEqual([]);
    expect(catalog.examples.map((e) => e.name)).toEqual(['tiny-sql']);
    expect(catalog.examples[0]!.services[0]!.connection).toMatchObject({ engine: 'postgresql', port: 5432 });
  });

  it('reports each broken manifest with its file and path, and still loads the others', () => {
    const dir = catalogDir({
      'tiny-sql': validManifest,
      'bad-yaml': 'name: [unclosed\n',
      'bad-port': validManifest.replace('name: tiny-sql', 'name: bad-port').replace('ports: [5432]', 'ports: [99999]'),
      'wrong-name': validManifest,
    });
    const catalog = loadCatalog(dir, allowed);
    expect(catalog.examples.map((e) => e.name)).toEqual(['tiny-sql']);
    const byFile = (folder: string) => catalog.problems.filter((p) => p.file.endsWith(join(folder, 'lab.yaml')));
    expect(byFile('bad-yaml')).toHaveLength(1);
    expect(byFile('bad-port')).toEqual([expect.objectContaining({ path: 'services.0.ports.0' })]);
    expect(byFile('wrong-name')).toEqual([
      expect.objectContaining({ path: 'name', message: 'must equal its folder name "wrong-name"' }),
    ]);
  });

  it('rejects an undeclared secret, an image outside the kit, unknown fields and a bad connection port', () => {
    const broken = validManifest
      .replace('secrets: [pg]', 'secrets: []')
      .replace('image: postgres', 'image: evil/miner')
      .replace('concepts: [sql]', 'concepts: [sql]\nprivileged: true');
    const problems = loadCatalog(catalogDir({ 'tiny-sql': broken }), allowed).problems.map((p) => p.message);
    expect(problems.join('\n')).toMatch(/privileged/);

    const undeclared = validManifest.replace('secrets: [pg]', 'secrets: []');
    expect(loadCatalog(catalogDir({ 'tiny-sql': undeclared }), allowed).problems).toEqual([
      expect.objectContaining({ path: 'services', message: 'uses ${secret:pg}, which is not listed under secrets' }),
    ]);

    const foreignImage = validManifest.replace('image: postgres', 'image: evil/miner');
    expect(loadCatalog(catalogDir({ 'tiny-sql': foreignImage }), allowed).problems[0]).toMatchObject({
      path: 'services.0.image',
      message: expect.stringMatching(/not in the image kit's allowlist/),
    });

    const badConnection = validManifest.replace(
      'connection: { engine: postgresql, port: 5432',
      'connection: { engine: postgresql, port: 5433',
    );
    expect(loadCatalog(catalogDir({ 'tiny-sql': badConnection }), allowed).problems[0]).toMatchObject({
      path: 'services.0.connection.port',
    });
  });

  it('is empty, not an error, when the folder does not exist', () => {
    expect(loadCatalog('/nonexistent/examples', allowed)).toEqual({ examples: [], problems: [] });
  });
});
