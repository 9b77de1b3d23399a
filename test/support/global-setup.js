// Integration tests' global setup. In `npm test`'s passes (run-tiers.js sets LAB_TEST_TIER) the
// production bundle, which some suites start as their own process, is built here once, before any
// worker starts: parallel suites then never rewrite it under each other's processes. A developer's
// run of a few files skips this; a suite that needs the bundle builds it when stale.
const buildControlApiBundle = require('../chaos/support/build-bundle');

module.exports = function buildBundleForTheTiers() {
  if (process.env.LAB_TEST_TIER) buildControlApiBundle();
};
