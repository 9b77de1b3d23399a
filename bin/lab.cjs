#!/usr/bin/env node
// The `lab` executable (`npx lab` in a checkout). It runs the TypeScript entry through the tsx that
// is already installed, so a clean clone needs no build step; the tsconfig of the repository is
// named explicitly so the `@lab/*` paths resolve from any working directory.
'use strict';
const path = require('node:path');

process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs/api').register();
// Children of `lab` (e.g. `lab connect`) need no tsx settings.
delete process.env.TSX_TSCONFIG_PATH;
require(path.join(__dirname, '..', 'apps', 'lab-cli', 'src', 'main.ts'));
