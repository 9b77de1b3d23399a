import { mkdtempSync, writeFileSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadImageKit } from './image-kit.schema';
import { contextFiles, recipeHash } from './recipe-hash';

describe('docker/images.yaml', () => {
  const kit = loadImageKit(join(__dirname, '../../../docker/images.yaml'));

  it('lists the images the catalog needs, each official image pinned to a tag', () => {
    const { toolbox, ...upstream } = kit.manifest.images;
    expect(Object.keys(kit.manifest.images).sort()).toEqual([
      'mariadb',
      'mongo',
      'node',
      'postgres',
      'postgres-auth',
      'postgres-caching',
      'postgres-sql-vs-nosql',
      'redis',
      'toolbox',
    ]);
    expect(toolbox!.official).toBeUndefined();
    for (const entry of Object.values(upstream)) expect(entry.official?.reference).toMatch(/^[a-z]+:[\w.-]+$/);
  });

  it('has an offline recipe with a Dockerfile for everything but MongoDB, which says why not', () => {
    const { mongo, ...others } = kit.manifest.images;
    expect(mongo!.offline).toBeUndefined();
    expect(mongo!.offlineUnavailable).toMatch(/Debian ships no MongoDB server/);
    expect(Object.keys(others).length).toBeGreaterThan(0);
    for (const [key, entry] of Object.entries(others)) {
      expect([key, existsSync(join(kit.root, entry.offline!.context, 'Dockerfile'))]).toEqual([key, true]);
    }
  });

  it('never runs an image as root', () => {
    for (const entry of Object.values(kit.manifest.images)) {
      for (const variant of [entry.official, entry.offline].filter(Boolean)) expect(variant!.user).not.toMatch(/^0:/);
    }
  });

  it("bakes each example's seed for the PostgreSQL its lab.yaml names, falling back to the plain official image", () => {
    const baked = Object.entries(kit.manifest.images).filter(([key]) => key.startsWith('postgres-'));
    for (const [key, entry] of baked) {
      const example = entry.offline!.buildArgs['EXAMPLE']!;
      const manifest = parse(readFileSync(join(kit.root, '../examples', example, 'lab.yaml'), 'utf8')) as {
        services: { name: string; image: string; env?: Record<string, string> }[];
      };
      const postgres = manifest.services.find((service) => service.name === 'postgres')!;
      expect([key, entry.offline!.from, entry.official]).toEqual([
        key,
        { POSTGRES: 'postgres', APPS: 'lab-apps' },
        kit.manifest.images['postgres']!.official,
      ]);
      // The seed is made for the database and admin the sandbox's PostgreSQL is started with.
      expect([postgres.image, postgres.env?.['POSTGRES_DB'], postgres.env?.['POSTGRES_USER']]).toEqual([
        key,
        entry.offline!.buildArgs['DATABASE'],
        'lab_admin',
      ]);
    }
    expect(baked.map(([key]) => key).sort()).toEqual(['postgres-auth', 'postgres-caching', 'postgres-sql-vs-nosql']);
  });

  it('rejects a recipe built FROM a key the kit does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    const path = join(dir, 'images.yaml');
    writeFileSync(
      path,
      'base: { tag: b, script: s }\nimages:\n  x: { offline: { tag: "backend-lab/x:1", context: x, user: "1:1", from: { BASE_IMAGE: nope } } }\n',
    );
    expect(() => loadImageKit(path)).toThrow(/images\.x\.offline\.from\.BASE_IMAGE: "nope" is not another key/);
  });

  it('rejects a manifest with an image that has neither an offline recipe nor a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    const path = join(dir, 'images.yaml');
    writeFileSync(
      path,
      'base: { tag: b, script: s }\nimages:\n  x: { port: 1, official: { reference: "x:1", user: "1:1" } }\n',
    );
    expect(() => loadImageKit(path)).toThrow(/images\.x: needs an offline recipe or an offlineUnavailable reason/);
  });
});

describe('recipeHash', () => {
  it('changes with a file, ignores generated files listed in .gitignore', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM base\n');
    writeFileSync(join(dir, '.gitignore'), 'node-bin/\n');
    const first = recipeHash(['base-hash'], dir);
    mkdirSync(join(dir, 'node-bin'));
    writeFileSync(join(dir, 'node-bin', 'node'), 'binary');
    expect(recipeHash(['base-hash'], dir)).toBe(first);
    expect(contextFiles(dir, { includeIgnored: true })).toContain('node-bin/node');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM base\nRUN true\n');
    expect(recipeHash(['base-hash'], dir)).not.toBe(first);
    expect(recipeHash(['other-base'], dir)).not.toBe(recipeHash(['base-hash'], dir));
  });
});
