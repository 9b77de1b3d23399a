// The integration suites that must not share the engine or the machine with another suite: the
// serial pass of `npm test` (test/support/run-tiers.js) runs them one at a time, after the
// parallel pass; the chaos suites (test/chaos/) run there too. A suite belongs here when it
// changes state of the whole engine or host, or when what it measures is skewed by a neighbour.
// Suites that only make their own uniquely labelled objects run in parallel: their reconcile
// loops list their own `lab.instance` only, and the reaper keeps the objects of live processes.
const SERIAL_SUITES = [
  // The Swarm adapter's cases (these files run the runtime contract against both adapters): the
  // test set-up makes the one engine a single-node swarm manager and leaves the swarm afterwards
  // (removing docker_gwbridge). Two files doing that at once, or a leave under another suite's
  // services, would break each other.
  { path: 'test/runtime/swarm.e2e-spec.ts', why: 'swarm init/leave on the engine' },
  { path: 'test/runtime/provision.e2e-spec.ts', why: 'swarm init/leave on the engine' },
  { path: 'test/runtime/failures.e2e-spec.ts', why: 'swarm init/leave on the engine' },
  { path: 'test/runtime/events.e2e-spec.ts', why: 'swarm init/leave on the engine' },
  { path: 'test/runtime/endpoint-ping.e2e-spec.ts', why: 'swarm init/leave on the engine' },
  // Host routes for the metadata/LAN/internet stand-in addresses (all /32s on this host) and the
  // iptables policy re-installed: a probe of another suite toward those addresses would be misled.
  { path: 'test/isolation/egress.e2e-spec.ts', why: 'host routes and iptables policy' },
  // Asserts latency percentiles (a 100 ms stall must not reach the uncorrected p99): a busy
  // neighbour on 2 cores delays the event loop and skews them.
  { path: 'test/compare/coordinated-omission.e2e-spec.ts', why: 'latency percentiles' },
  // Bounds the peak memory growth of the API (in the jest worker) while a shell floods 50 MB: a
  // busy neighbour slows the reader, so more output is buffered at once than the bound allows.
  { path: 'test/terminal/terminal.e2e-spec.ts', why: 'memory growth under a flood' },
  // Asks the browser's page to answer within 5 s while `yes` floods its terminal: on 2 cores the
  // parallel pass's neighbours (other browsers, apps starting) starved the page past that once.
  { path: 'test/web/terminal-and-app.e2e-spec.ts', why: 'page responsiveness under a flood' },
];

module.exports = { SERIAL_SUITES };
