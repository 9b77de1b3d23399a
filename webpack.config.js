// Nest CLI's webpack build, plus the `@lab/<lib>` aliases of tsconfig.json's `paths`. The CLI's
// tsconfig-paths plugin needs `baseUrl`, which TypeScript 6 deprecates, so the aliases are
// derived from the libs/ folder instead: one lib folder = one `@lab/<name>` entry point.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const libs = join(__dirname, 'libs');
const aliases = Object.fromEntries(readdirSync(libs).map((name) => [`@lab/${name}`, join(libs, name, 'src')]));

module.exports = (options) => ({
  ...options,
  resolve: { ...options.resolve, alias: { ...(options.resolve?.alias ?? {}), ...aliases } },
});
