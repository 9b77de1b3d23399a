import { externalPackages, LockPackages, runtimeClosure } from './bundle-dependencies';

describe('externalPackages', () => {
  it('names the packages a bundle requires, without builtins or relative paths', () => {
    const bundle = [
      'require("@nestjs/core")',
      'require("pg/lib/client")',
      'require("node:fs")',
      'require("crypto")',
      'require("./chunk")',
      'require("@nestjs/core")',
    ].join(';');
    expect(externalPackages(bundle)).toEqual(['@nestjs/core', 'pg']);
  });
});

describe('runtimeClosure', () => {
  const packages: LockPackages = {
    '': {},
    'node_modules/app-dep': { dependencies: { shared: '^1', nested: '^2' }, peerDependencies: { absent: '*' } },
    'node_modules/app-dep/node_modules/nested': { dependencies: { shared: '^1' } },
    'node_modules/shared': { optionalDependencies: { 'not-installed': '*' } },
    'node_modules/nested': { version: '1.0.0' },
    'node_modules/unrelated': {},
  };

  it('follows dependencies the way Node resolves them, nested copies first', () => {
    expect(runtimeClosure(['app-dep'], packages)).toEqual(['node_modules/app-dep', 'node_modules/shared']);
  });

  it('fails clearly when the bundle needs a package that is not installed', () => {
    expect(() => runtimeClosure(['missing'], packages)).toThrow(/needs missing, which is not installed/);
  });

  it('fails when a required dependency is missing from the lockfile', () => {
    expect(() => runtimeClosure(['broken'], { 'node_modules/broken': { dependencies: { gone: '*' } } })).toThrow(
      /needs gone/,
    );
  });
});
