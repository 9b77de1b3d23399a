// How an example app starts in the lab-apps image: `/app/<app>/main.js` calls `startBundle`, which
// runs the app's webpack bundle (`bundle.js`) with a V8 code cache (`bundle.js.cache`) made when
// the image was built. Once the packages are in the bundle (no more ~2,000 files to resolve and
// read), compiling its ~10 MB and then each function it runs is most of an app's start: CPU from
// `node` to listening, in the container at load ~20 on 2 cores, 2.2–2.5 s with node_modules,
// 0.8–1.1 s bundled with this cache. The container's root is read-only, so the cache is made at
// build time: `node /app/boot.cjs write-cache` (the Dockerfile) runs each app once, with its
// stores unreachable, until its boot reaches for them (or it listens), and saves then what V8
// compiled: the bundle's top level and every module and provider the boot ran.
//
// V8 checks a cache itself (same V8, same flags, same source) and compiles anew when it rejects it:
// a missing or stale cache makes a start slower, never wrong. The flags are part of that check, so
// the build runs with the NODE_OPTIONS the containers get (the kit passes the image's env as build
// arguments).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const net = require('node:net');
const { join } = require('node:path');
const vm = require('node:vm');

const WRITE_CACHE_ENV = 'LAB_APP_WRITE_CODE_CACHE';
/**
 * In the warm-up every store is at 127.0.0.1 where nothing listens: a boot that logs a refused
 * connection (an app's own store warning, or @lab/lab-app's "a store does not answer yet" while it
 * waits) has run everything up to its stores.
 */
const REACHED_ITS_STORES = ['ECONNREFUSED', 'a store does not answer yet'];
/** A boot that neither listens nor waits for a store within this is saved as far as it got. */
const WARM_RUN_LIMIT_MS = 60_000;

/** Runs `<dir>/bundle.js` as this process's app, with its code cache when there is one. */
function startBundle(dir) {
  const file = join(dir, 'bundle.js');
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData && script.cachedDataRejected) {
    // E.g. NODE_OPTIONS set in a lab.yaml that differ from the image's env the cache was made with.
    process.stderr.write(`[boot] ${cacheFile} rejected by V8 (other flags or Node than at image build): compiling\n`);
  }
  if (process.env[WRITE_CACHE_ENV]) saveWhenBooted(script, cacheFile);
  // The bundle sees what Node gives a module: its own `module`, a `require` resolving from its
  // folder (the packages left external are in /app/node_modules), `__filename`, `__dirname`.
  const bundle = new Module(file, require.main);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(dir);
  const wrapper = script.runInThisContext({ displayErrors: true });
  wrapper.call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, dir);
}

/** The warm-up run: saves the code V8 compiled once the boot listens or waits for its stores, then exits. */
function saveWhenBooted(script, cacheFile) {
  let saved = false;
  const save = (why) => {
    if (saved) return;
    saved = true;
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
    process.stderr.write(`[boot] code cache saved (${why}): ${cacheFile}\n`);
    process.exit(0);
  };
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listenThenSave(...args) {
    this.once('listening', () => setImmediate(() => save('listening')));
    return listen.apply(this, args);
  };
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = function watchForStores(chunk, ...rest) {
      const text = String(chunk);
      if (REACHED_ITS_STORES.some((line) => text.includes(line))) save('reached its stores');
      return write.call(this, chunk, ...rest);
    };
  }
  setTimeout(() => save(`no start within ${WARM_RUN_LIMIT_MS} ms`), WARM_RUN_LIMIT_MS).unref();
}

/**
 * `node boot.cjs write-cache`: one warm-up run per app beside this file that has a `warm-env.json`
 * (its lab.yaml env, its stores' hosts pointed at 127.0.0.1, made by `lab bundle-apps`). A run that
 * fails fails the image build: a bundle that cannot boot as far as its stores (a module webpack
 * left out, say) would fail the same way in every sandbox.
 */
function writeCaches() {
  const apps = readdirSync(__dirname).filter((name) => existsSync(join(__dirname, name, 'warm-env.json')));
  for (const app of apps.sort()) {
    const dir = join(__dirname, app);
    const env = JSON.parse(readFileSync(join(dir, 'warm-env.json'), 'utf8'));
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(dir, 'main.js')], {
      env: { ...process.env, ...env, [WRITE_CACHE_ENV]: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: WARM_RUN_LIMIT_MS + 30_000,
    });
    const outcome = run.status === 0 ? 'code cache written' : `FAILED (exit ${run.status ?? run.signal})`;
    process.stderr.write(`[boot] ${app}: ${outcome} in ${Date.now() - started} ms\n`);
    if (run.status !== 0) process.exitCode = 1;
  }
}

if (require.main === module && process.argv[2] === 'write-cache') writeCaches();

module.exports = { startBundle };
