// The control API's bundle (nest-cli.json points its project here): the shared webpack.config.js
// (Nest CLI's defaults plus the @lab/<lib> aliases), with its packages bundled too.
//
// Why: Nest CLI leaves every package of node_modules outside the bundle, and the API then loaded
// some 2,500 files at start: Node resolves each (stat calls, package.json reads, path work) before
// it compiles it, and that was about a third of the API's start even with bin/compile-cache.cjs
// keeping the compiled code. Bundled, the start reads one file (and some 80 of the packages below).
//
// What stays outside, and why (each is required from node_modules at run time as before):
const OUTSIDE = [
  // Native addons, loaded by `bindings`/`node-gyp-build` from their own folders.
  'better-sqlite3',
  'argon2',
  'cpu-features',
  // dockerode's SSH transport: an optional native part found next to its own files.
  'ssh2',
  // ws's optional native helpers (not installed here; ws requires them in a try).
  'bufferutil',
  'utf-8-validate',
  // Serves the OpenAPI page's files from its own folder.
  'swagger-ui-dist',
  // Computes "the application's root" from where it is installed (TypeORM asks it).
  'app-root-path',
  // Transports run in worker threads from files next to pino.
  'pino',
  'thread-stream',
  // One global metadata registry, shared with the packages outside.
  'reflect-metadata',
];

const nodeExternals = require('webpack-node-externals');
const shared = require('../../webpack.config.js');

const outside = (name) => OUTSIDE.some((kept) => name === kept || name.startsWith(`${kept}/`));

module.exports = (options) => ({
  ...shared(options),
  // `allowlist`: the packages webpack takes in (everything else in node_modules stays a require).
  externals: [nodeExternals({ allowlist: (name) => !outside(name) })],
});
