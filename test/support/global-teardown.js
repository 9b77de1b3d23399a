// Integration tests' global teardown: removes the sandboxes this run left (a failed afterAll, an
// API that did not close) and those of earlier runs that were killed (SIGKILL, a CI timeout), by
// their test labels (test/support/test-labels.ts). Never a developer's own sandboxes, never those
// of a test run still going on the same engine.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function reapTestObjects() {
  const tsx = require.resolve('tsx/cli');
  try {
    const output = execFileSync(process.execPath, [tsx, join(__dirname, 'reap-test-objects.ts'), String(process.pid)], {
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { removed } = JSON.parse(output);
    if (removed.length > 0) process.stdout.write(`test teardown: removed left-over sandboxes ${removed.join(', ')}\n`);
  } catch (error) {
    // The run's own result stands; a reaping problem is reported, not hidden.
    process.stderr.write(`test teardown: could not reap left-over sandboxes: ${error.stderr || error.message}\n`);
  }
};
