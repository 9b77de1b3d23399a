// A V8 code cache for the CommonJS modules the control API loads at start (Node 20 has no
// `module.enableCompileCache()`; that arrives in Node 22). The API's bundle holds its packages (some
// 16 MB of code) and requires some 80 files of node_modules besides; compiling them was about a
// third of its start in a profile (when some 2,000 files stayed outside the bundle). Each file's
// compiled code is kept in `dir`, keyed by the file's path and content, and handed back to V8 at the
// next start; V8 checks the data itself (Node version, V8 flags) and compiles anew when it rejects
// it. `shouldCache` picks the files (ES modules are left to Node). What the module sees is what
// Node gives it (the same wrapper, `require`, `module`, `exports`). Measured at load 18 on 2 cores:
// the API healthy after 8.5–8.7 s instead of 10.3–10.5 s.
// Why not the `v8-compile-cache` package: it writes its cache on the process's `exit` event, which
// a server never reaches when it is stopped by a signal (Nest's shutdown hooks re-raise SIGTERM
// after closing), so the cache would never be written; this one saves once the modules are loaded
// (`saveNow`, called by bin/start.cjs) and again, with what ran since, once the start is over.
'use strict';
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** After this long the modules loaded at start have run: their code (with what ran of it) is saved. */
const SAVE_AFTER_MS = 10_000;

function enableCompileCache(dir, shouldCache) {
  mkdirSync(dir, { recursive: true });
  const unsaved = new Map();
  const used = new Set();
  const compile = Module.prototype._compile;

  Module.prototype._compile = function cachedCompile(content, filename) {
    if (filename.endsWith('.mjs') || !shouldCache(filename)) return compile.call(this, content, filename);
    const key = createHash('sha1').update(filename).update('\0').update(content).digest('hex');
    const file = join(dir, key);
    used.add(key);
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), {
        filename,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Not a CommonJS script (an ES module loaded by require): Node's own way, uncached.
      return compile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) unsaved.set(file, script);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireOf(this), this, filename, dirname(filename));
  };

  // Written aside and renamed: a start reading at the same moment sees all or nothing.
  const write = (file, script) => {
    try {
      writeFileSync(`${file}.tmp`, script.createCachedData());
      renameSync(`${file}.tmp`, file);
    } catch {
      // A cache that cannot be written only makes the next start as slow as this one.
    }
  };

  setTimeout(() => {
    for (const [file, script] of unsaved) write(file, script);
    unsaved.clear();
    // Entries this start did not use belong to files that changed since (an older bundle, an
    // upgraded package): without this the folder would only grow.
    for (const entry of readdirSync(dir)) {
      if (!used.has(entry)) rmSync(join(dir, entry), { force: true });
    }
  }, SAVE_AFTER_MS).unref();

  /**
   * Saves what was compiled without a cache so far, at once, and again (with what has run since)
   * after SAVE_AFTER_MS. For the caller to use once its modules are loaded: a start that is stopped
   * before SAVE_AFTER_MS (a bench or a test stops the API as soon as it answers) would otherwise
   * never leave a cache behind, and after every new bundle each start would compile all of it.
   */
  return function saveNow() {
    for (const [file, script] of unsaved) write(file, script);
  };
}

/** The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction). */
function requireOf(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { enableCompileCache };
