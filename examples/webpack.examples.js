// The example apps' webpack bundle: their packages go INTO the bundle instead of being left to
// `require`. Node loading ~2,000 files of node_modules (resolve, read, compile each) was most of an
// example app's start, which is on the critical path of a sandbox's launch (issue 15). One file is
// read and compiled once; what the bundle does not use is never run (webpack evaluates a module at
// its first `require`, as Node does).
//
// Stays external (left to `require` from /app/node_modules, copied there by `lab bundle-apps`):
// - native addons (they load a .node binary found relative to their own folder);
// - packages that read their own files at run time (swagger-ui-dist serves its folder).
// Optional packages required lazily (in try/catch or only for a feature the apps do not use, e.g. a
// typeorm driver for another database) that are not installed are ignored: their `require` throws
// "Cannot find module" at run time, exactly as it did when node_modules had no such package.
/** Package names (and their subpaths) the bundle leaves to `require`. */
const EXTERNAL_PACKAGES = ['argon2', 'swagger-ui-dist'];

/**
 * Not installed, required only lazily by what the bundle contains (a module is ignored only when it
 * cannot be resolved: an installed one is bundled).
 */
const OPTIONAL_MODULES = [
  // Nest: transports and gateways the apps do not use (the Nest CLI's own list, and more).
  '@nestjs/microservices',
  '@nestjs/microservices/microservices-module',
  '@nestjs/websockets',
  '@nestjs/websockets/socket-module',
  '@fastify/static',
  '@nestjs/platform-fastify',
  // class-transformer 0.5 has no such path (@nestjs/mapped-types tries it, then its cjs/ path).
  'class-transformer/storage',
];

/**
 * typeorm's PlatformTools names every driver it supports in one `switch` of `require`s, so webpack
 * would bundle each one that happens to be installed (mysql2, mongodb… several MB the apps never
 * run: they use typeorm with PostgreSQL only, without a query-result cache). These drivers are left
 * out; their `require` throws "Cannot find module", as for a driver that is not installed.
 */
const UNUSED_TYPEORM_DRIVERS = [
  '@google-cloud/spanner',
  '@sap/hana-client',
  '@sap/hana-client/extension/Stream',
  'better-sqlite3',
  'ioredis',
  'mongodb',
  'mssql',
  'mysql',
  'mysql2',
  'oracledb',
  'react-native-sqlite-storage',
  'redis',
  'sql.js',
  'sqlite3',
  'typeorm-aurora-data-api-driver',
];
const TYPEORM_PLATFORM = /[\\/]node_modules[\\/]typeorm[\\/]platform$/;

/**
 * pg's lib/stream.js, replaced by examples/pg-node-stream.js (what it gives Node, without the
 * Cloudflare check that loads undici at every start). Checked at each build: should pg's file stop
 * offering the same two functions for Node, the build fails here rather than bundle a mismatch.
 */
const PG_STREAM = /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/;
const PG_NODE_STREAM = require.resolve('./pg-node-stream.js');

function assertPgStreamUnchanged() {
  const source = require('node:fs').readFileSync(require.resolve('pg/lib/stream.js'), 'utf8');
  const nodeFunctions =
    /function getNodejsStreamFuncs\(\)[\s\S]*?return new net\.Socket\(\)[\s\S]*?return tls\.connect\(options\)/;
  if (!nodeFunctions.test(source) || !/getStream,\s*getSecureStream/.test(source))
    throw new Error('pg/lib/stream.js changed: review examples/pg-node-stream.js, which stands in for it');
}

/** Replaces pg's stream module with ours, with the webpack that runs the build (the Nest CLI's own). */
const pgNodeStream = {
  apply(compiler) {
    assertPgStreamUnchanged();
    new compiler.webpack.NormalModuleReplacementPlugin(PG_STREAM, PG_NODE_STREAM).apply(compiler);
  },
};

/** Whether webpack leaves `resource`, required from the folder `context`, out of the bundle. */
function isIgnored(resource, context) {
  if (TYPEORM_PLATFORM.test(context) && UNUSED_TYPEORM_DRIVERS.includes(resource)) return true;
  return OPTIONAL_MODULES.includes(resource) && isMissing(resource, context);
}

function isExternal(request) {
  return EXTERNAL_PACKAGES.some((name) => request === name || request.startsWith(`${name}/`));
}

/** Whether `request` is a bare package request that Node cannot resolve from `context`. */
function isMissing(request, context) {
  try {
    require.resolve(request, { paths: [context] });
    return false;
  } catch {
    return true;
  }
}

/** Applied by the root webpack.config.js to a Nest CLI build of a project under examples/. */
function bundleExample(config) {
  // The Nest CLI's own webpack (not necessarily the top-level one): its IgnorePlugin, for its short
  // list of Nest's lazy modules, is replaced by one of the same class.
  const nestIgnore = (config.plugins ?? []).find((plugin) => plugin.constructor.name === 'IgnorePlugin');
  if (!nestIgnore)
    throw new Error('the Nest CLI webpack defaults have no IgnorePlugin any more: review examples/webpack.examples.js');
  const IgnorePlugin = nestIgnore.constructor;
  return {
    ...config,
    output: { ...config.output, pathinfo: process.env.LAB_BUNDLE_PATHINFO ? 'verbose' : false },
    externals: [({ request }, callback) => (isExternal(request) ? callback(null, `commonjs ${request}`) : callback())],
    plugins: [
      // Without the CLI's type checker (a whole-program `tsc` per build: four per image build, two in
      // the auth suite's setup): type checking is `npm run typecheck`'s job, and the bundles are
      // now ~2,000 modules bigger to build.
      ...config.plugins.filter(
        (plugin) => plugin !== nestIgnore && plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin',
      ),
      new IgnorePlugin({
        checkResource: isIgnored,
      }),
      pgNodeStream,
    ],
  };
}

module.exports = { bundleExample };
