import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BuildTarget, buildIfChanged } from './build-targets';
import { hashInputs } from './input-hash';

describe('buildIfChanged', () => {
  let root: string;
  const target: BuildTarget = {
    name: 'app',
    inputs: ['src', 'package-lock.json'],
    output: 'dist/app/main.js',
    command: ['build-it'],
  };
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  /** A stand-in for webpack: writes the output, counts the builds. */
  let builds: number;
  const run = () => {
    builds += 1;
    write(target.output, `built ${builds}`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-build-'));
    builds = 0;
    write('src/main.ts', 'export const a = 1;');
    write('src/lib/util.ts', 'export const b = 2;');
    write('package-lock.json', '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds the first time, then skips while the inputs are unchanged', () => {
    const outcomes = [buildIfChanged(root, target, { run }), buildIfChanged(root, target, { run })];
    expect(outcomes).toEqual(['built', 'up to date']);
    expect(builds).toBe(1);
  });

  it('skips when a file is only touched (same content, new mtime)', () => {
    buildIfChanged(root, target, { run });
    utimesSync(join(root, 'src/main.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(buildIfChanged(root, target, { run })).toBe('up to date');
  });

  it.each([
    ['a changed file', () => write('src/lib/util.ts', 'export const b = 3;')],
    ['an added file', () => write('src/lib/more.ts', 'export {};')],
    ['a removed file', () => rmSync(join(root, 'src/lib/util.ts'))],
    ['a changed lockfile', () => write('package-lock.json', '{"lockfileVersion":3}')],
    ['a missing output', () => rmSync(join(root, target.output))],
  ])('builds again after %s', (_what, change) => {
    buildIfChanged(root, target, { run });
    change();
    expect(buildIfChanged(root, target, { run })).toBe('built');
    expect(builds).toBe(2);
  });

  it('builds when forced although nothing changed', () => {
    buildIfChanged(root, target, { run });
    expect(buildIfChanged(root, target, { run, force: true })).toBe('built');
  });

  it('builds again at the next start when the build failed', () => {
    buildIfChanged(root, target, { run });
    write('src/main.ts', 'export const a = 2;');
    expect(() =>
      buildIfChanged(root, target, {
        run: () => {
          throw new Error('webpack failed');
        },
      }),
    ).toThrow('webpack failed');
    expect(buildIfChanged(root, target, { run })).toBe('built');
  });
});

describe('hashInputs', () => {
  it('ignores node_modules and tells a renamed file from the original', () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-hash-'));
    try {
      mkdirSync(join(root, 'src/node_modules'), { recursive: true });
      writeFileSync(join(root, 'src/a.ts'), 'x');
      const before = hashInputs(root, ['src']);
      writeFileSync(join(root, 'src/node_modules/dep.js'), 'y');
      const withPackages = hashInputs(root, ['src']);
      rmSync(join(root, 'src/a.ts'));
      writeFileSync(join(root, 'src/b.ts'), 'x');
      expect({ withPackages, renamed: hashInputs(root, ['src']) }).toEqual({
        withPackages: before,
        renamed: expect.not.stringMatching(before),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
