// Prints jest's totals as one plain line ("jest: N passed, N failed, N skipped") that any CI
// log reader understands. A suite that fails to load has no failed test but is a failure: count it.
// Under test/support/run-tiers.js (LAB_TEST_TOTALS_FILE set) the line names its pass, and the
// totals are appended to that file: the runner's own last line sums the passes.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const tier = process.env.LAB_TEST_TIER;
    const label = tier ? `jest (${tier} pass)` : 'jest';
    process.stdout.write(`${label}: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
    const file = process.env.LAB_TEST_TOTALS_FILE;
    if (file) appendFileSync(file, `${JSON.stringify({ passed: results.numPassedTests, failed, skipped })}\n`);
  }
}
module.exports = SummaryReporter;
