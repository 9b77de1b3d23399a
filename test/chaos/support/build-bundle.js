// Global setup of the `chaos` project: every scenario runs the control API as its own process
// (the production bundle, what `npm start` runs, killable with SIGKILL). It is built once per jest
// run, and not at all when no source it is made of changed since the last build (≈20-70 s saved).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const BUNDLE = 'dist/apps/control-api/main.js';
// What the bundle is made of: one list for every build of it.
const SOURCES = require('../../../apps/control-api/bundle-inputs.json').inputs;

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

module.exports = function buildControlApiBundle() {
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestChange))) return;
  execFileSync('npx', ['nest', 'build', 'control-api'], { stdio: 'pipe', timeout: 300_000 });
};
