// The integration suites' test environment: Node's, plus evidence when a browser test fails.
// A browser test that fails on a timeout ("waiting for the heading to be visible") says only what
// it waited for; on a CI run that cannot be replayed, what the page showed instead is the cause.
// So every page the browser helpers open is registered (test/web/support/browser.ts), and when a
// test or hook fails this prints, per open page: its address, its visible text, and the last
// browser events worth knowing (page errors, console errors, failed requests, error responses).
const { TestEnvironment } = require('jest-environment-node');

const TEXT_LIMIT = 1_500;
const EVIDENCE_TIMEOUT_MS = 5_000;

class BrowserEvidenceEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async handleTestEvent(event) {
    const pages = this.global.__labBrowserPages;
    if (!pages || pages.size === 0) return;
    if (event.name === 'test_start') {
      for (const evidence of pages) if (evidence.closed) pages.delete(evidence);
      return;
    }
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const what = event.name === 'test_fn_failure' ? `test "${event.test.name}"` : `${event.hook.type} hook`;
    const lines = [`[browser evidence] ${what} failed in ${this.testPath}`];
    for (const { page, events } of pages) {
      lines.push(`  page ${page.url()}`);
      const text = page.isClosed() ? '(closed by the test)' : JSON.stringify(await visibleText(page));
      lines.push(`    visible text: ${text}`);
      for (const line of events.slice(-20)) lines.push(`    ${line}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

/** The page's visible text, shortened; a page too busy to answer within 5 s says so. */
async function visibleText(page) {
  const timeout = new Promise((resolve) => {
    setTimeout(() => resolve('(no answer within 5 s)'), EVIDENCE_TIMEOUT_MS).unref();
  });
  const text = page
    .evaluate('document.body ? document.body.innerText : "(no body)"')
    .then((value) => String(value).replace(/\s+/g, ' ').slice(0, TEXT_LIMIT))
    .catch((error) => `(could not read: ${error.message})`);
  return Promise.race([text, timeout]);
}

module.exports = BrowserEvidenceEnvironment;
