// Nest CLI's webpack build, plus the `@lab/<lib>` aliases of tsconfig.json's `paths`. The CLI's
// tsconfig-paths plugin needs `baseUrl`, which TypeScript 6 deprecates, so the aliases are
// derived from the libs/ folder instead: one lib folder = one `@lab/<name>` entry point.
// An example app (a project under examples/) also bundles its packages: examples/webpack.examples.js.
const { readdirSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const { bundleExample } = require('./examples/webpack.examples');

const libs = join(__dirname, 'libs');
const aliases = Object.fromEntries(readdirSync(libs).map((name) => [`@lab/${name}`, join(libs, name, 'src')]));

module.exports = (options) => {
  const config = {
    ...options,
    resolve: { ...options.resolve, alias: { ...(options.resolve?.alias ?? {}), ...aliases } },
  };
  const entry = typeof options.entry === 'string' ? relative(__dirname, options.entry) : '';
  if (entry.startsWith(`examples${sep}`)) return bundleExample(config);
  // The control API: Nest's Fastify adapter requires @fastify/view (templates) only when asked to
  // render views, which the API never does; it is not installed.
  const IgnorePlugin = (config.plugins ?? []).find((plugin) => plugin.constructor.name === 'IgnorePlugin')?.constructor;
  if (!IgnorePlugin)
    throw new Error('the Nest CLI webpack defaults have no IgnorePlugin any more: review webpack.config.js');
  return { ...config, plugins: [...config.plugins, new IgnorePlugin({ resourceRegExp: /^@fastify\/view$/ })] };
};
