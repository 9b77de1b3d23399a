// `npm test`'s jest stage in two passes (see jest.config.js): first what may share the engine,
// with several workers (LAB_TEST_TIER=parallel: unit + integration but the serial suites), then
// the suites of test/support/serial-suites.js and chaos one at a time (LAB_TEST_TIER=serial).
// The second pass runs even when the first failed (CI shows every failure); the exit status is
// the worst of both. Usage: node test/support/run-tiers.js <project...> [<jest options>]
// (projects: unit, integration, chaos). The options go to both passes, but a worker count
// (`--maxWorkers 3`) only to the parallel one.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const PASSES = [
  { tier: 'parallel', projects: ['unit', 'integration'] },
  { tier: 'serial', projects: ['integration', 'chaos'] },
];

// Projects first, then jest options (`npm run test:e2e -- --maxWorkers 3` passes them without `--`).
const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const projects = firstOption < 0 ? args : args.slice(0, firstOption);
const jestOptions = firstOption < 0 ? [] : args.slice(firstOption).filter((arg) => arg !== '--');
const known = new Set(PASSES.flatMap((pass) => pass.projects));
const unknown = projects.filter((project) => !known.has(project));
if (projects.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: run-tiers.js <${[...known].join('|')}>... [<jest options>]\n`);
  process.exit(2);
}

/** The options without a worker count: the serial pass stays at one worker whatever was asked. */
function withoutWorkerCount(options) {
  const kept = [];
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i];
    if (option === '--maxWorkers' || option === '-w') i += 1;
    else if (!/^(--maxWorkers=|-w\d)/.test(option)) kept.push(option);
  }
  return kept;
}

// Each pass's summary reporter appends its totals here; the last line printed sums them.
const dir = mkdtempSync(join(tmpdir(), 'lab-jest-tiers-'));
const totalsFile = join(dir, 'totals.jsonl');
const jest = require.resolve('jest/bin/jest');
let status = 0;
try {
  for (const pass of PASSES) {
    const selected = pass.projects.filter((project) => projects.includes(project));
    if (selected.length === 0) continue;
    process.stdout.write(`\n[tests] ${pass.tier} pass: ${selected.join(', ')}\n`);
    const started = Date.now();
    const options = pass.tier === 'serial' ? withoutWorkerCount(jestOptions) : jestOptions;
    const result = spawnSync(process.execPath, [jest, '--selectProjects', ...selected, ...options], {
      stdio: 'inherit',
      env: { ...process.env, LAB_TEST_TIER: pass.tier, LAB_TEST_TOTALS_FILE: totalsFile },
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `[tests] ${pass.tier} pass done after ${seconds} s (exit ${result.status ?? result.signal})\n`,
    );
    if (result.status !== 0) status = 1;
    if (result.signal) break; // killed (a CI timeout): no second pass
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = (() => {
    try {
      return readFileSync(totalsFile, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  })();
  for (const line of lines) {
    const pass = JSON.parse(line);
    for (const key of Object.keys(totals)) totals[key] += pass[key];
  }
  process.stdout.write(`jest: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
