// Integration tests' global teardown: removes the sandboxes this run left (a failed afterAll, an
// API that did not close) and those of earlier runs that were killed (SIGKILL, a CI timeout), by
// their test labels (test/support/test-labels.ts). Never a developer's own sandboxes, never those
// of a test run still going on the same engine.
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * This process's children: with several workers, the test files ran in jest worker processes
 * (their objects carry the worker's pid). Every test is over when the teardown runs, but a worker
 * may not have exited yet: its objects are this run's, so they count as finished too.
 */
function childPids() {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) children.push(entry);
    } catch {
      // gone meanwhile, or no /proc (not Linux): nothing to add
    }
  }
  return children;
}

module.exports = async function reapTestObjects() {
  const tsx = require.resolve('tsx/cli');
  try {
    const output = execFileSync(
      process.execPath,
      [tsx, join(__dirname, 'reap-test-objects.ts'), String(process.pid), ...childPids()],
      {
        encoding: 'utf8',
        timeout: 120_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const { removed } = JSON.parse(output);
    if (removed.length > 0) process.stdout.write(`test teardown: removed left-over sandboxes ${removed.join(', ')}\n`);
  } catch (error) {
    // The run's own result stands; a reaping problem is reported, not hidden.
    process.stderr.write(`test teardown: could not reap left-over sandboxes: ${error.stderr || error.message}\n`);
  }
};
