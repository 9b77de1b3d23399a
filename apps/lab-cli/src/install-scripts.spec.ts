import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReview, lockedInstallScripts, parseAllowKey, reviewInstallScripts } from './install-scripts';

const lockfile = {
  packages: {
    '': { name: 'backend-lab' },
    'node_modules/argon2': {
      version: '0.45.1',
      resolved: 'https://packages.example/argon2/-/argon2-0.45.1.tgz',
      hasInstallScript: true,
    },
    'node_modules/@scarf/scarf': { version: '1.4.0', hasInstallScript: true },
    'node_modules/pg': { version: '8.23.1' },
    'node_modules/docker-modem/node_modules/ssh2': { version: '1.17.0', hasInstallScript: true },
    'node_modules/sqlite': { name: 'better-sqlite3', version: '12.9.0', hasInstallScript: true },
  },
};

describe('install-script review', () => {
  it('lists the locked packages with install scripts by resolved name, nested and aliased ones too', () => {
    expect(lockedInstallScripts(lockfile)).toEqual([
      { name: 'argon2', version: '0.45.1', verifiedVersion: '0.45.1', path: 'node_modules/argon2' },
      { name: '@scarf/scarf', version: '1.4.0', path: 'node_modules/@scarf/scarf' },
      { name: 'ssh2', version: '1.17.0', path: 'node_modules/docker-modem/node_modules/ssh2' },
      { name: 'better-sqlite3', version: '12.9.0', path: 'node_modules/sqlite' },
    ]);
  });

  it('reads name and name@version keys, scoped names included, and nothing vaguer', () => {
    expect(
      ['argon2', '@scarf/scarf@1.4.0', 'ssh2@^1.0.0', 'ssh2@latest', '@scope'].map((key) => parseAllowKey(key)),
    ).toEqual([{ name: 'argon2' }, { name: '@scarf/scarf', version: '1.4.0' }, undefined, undefined, undefined]);
  });

  it('approves, denies (a denial wins) and flags what nobody reviewed, or reviewed at another version', () => {
    const review = reviewInstallScripts(lockedInstallScripts(lockfile), {
      'argon2@0.44.0': true,
      '@scarf/scarf': false,
      ssh2: true,
      'ssh2@1.17.0': false,
      left: false,
    });
    expect({
      approved: review.approved.map((s) => s.name),
      denied: review.denied.map((s) => s.name),
      unreviewed: review.unreviewed.map((s) => `${s.name}@${s.version}`),
      stale: review.stale,
      invalid: review.invalid,
    }).toEqual({
      approved: [],
      denied: ['@scarf/scarf', 'ssh2'],
      unreviewed: ['argon2@0.45.1', 'better-sqlite3@12.9.0'],
      stale: ['argon2@0.44.0', 'left'],
      invalid: [],
    });
  });

  it('honours a pinned approval only for a version the lockfile verifies (its resolved URL), like npm', () => {
    const review = reviewInstallScripts(lockedInstallScripts(lockfile), {
      'argon2@0.45.1': true,
      'better-sqlite3@12.9.0': true,
      '@scarf/scarf@1.4.0': false,
    });
    expect({
      approved: review.approved.map((s) => s.name),
      denied: review.denied.map((s) => s.name),
      unreviewed: review.unreviewed.map((s) => s.name),
    }).toEqual({ approved: ['argon2'], denied: ['@scarf/scarf'], unreviewed: ['ssh2', 'better-sqlite3'] });
  });

  it('fails on unreviewed scripts and on entries it cannot read, and passes when all are decided', () => {
    const scripts = lockedInstallScripts(lockfile);
    const decided = { argon2: true, 'better-sqlite3': true, '@scarf/scarf': false, ssh2: false };
    expect(formatReview(reviewInstallScripts(scripts, decided))).toEqual({
      ok: true,
      lines: ['install scripts: 2 approved, 2 denied'],
    });
    expect(formatReview(reviewInstallScripts(scripts, undefined)).ok).toBe(false);
    expect(formatReview(reviewInstallScripts(scripts, { ...decided, 'ssh2@^1': true })).lines).toContain(
      'unreadable allowScripts entry: ssh2@^1: true',
    );
    expect(formatReview(reviewInstallScripts(scripts, { ...decided, argon2: 'yes' })).ok).toBe(false);
    expect(formatReview(reviewInstallScripts(scripts, ['argon2'])).ok).toBe(false);
  });

  it("covers every install script of this repository's own lockfile", () => {
    const root = join(__dirname, '../../..');
    const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
    const review = reviewInstallScripts(
      lockedInstallScripts(read('package-lock.json')),
      read('package.json')['allowScripts'],
    );
    expect({ unreviewed: review.unreviewed, invalid: review.invalid }).toEqual({ unreviewed: [], invalid: [] });
  });
});
