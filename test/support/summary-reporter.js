// Prints jest's totals as one plain line ("jest: N passed, N failed, N skipped") that any CI
// log reader understands. A suite that fails to load has no failed test but is a failure: count it.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
