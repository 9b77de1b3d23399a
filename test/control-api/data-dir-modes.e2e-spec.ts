import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlApi, startControlApi } from './support/control-api';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

// The state holds token hashes and generated passwords: owner-only, also when the folder existed.
describe('control API: data folder modes', () => {
  const parent = mkdtempSync(join(tmpdir(), 'lab-modes-'));
  const dataDir = join(parent, 'data');
  let api: ControlApi | undefined;

  afterAll(async () => {
    await api?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('makes an existing 0755 folder 0700 and an existing 0644 lab.sqlite 0600', async () => {
    // An existing folder and an empty file (an empty file is an empty SQLite database).
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'lab.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'lab.sqlite'), 0o644);
    expect([mode(dataDir), mode(join(dataDir, 'lab.sqlite'))]).toEqual(['755', '644']);

    api = await startControlApi({ config: { dataDir, examplesDir: 'test/fixtures/examples' } });

    expect((await fetch(`${api.base}/health`)).status).toBe(200);
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'lab.sqlite'))).toBe('600');
    expect(mode(join(dataDir, 'lab.sqlite-wal'))).toBe('600');
  });
});
