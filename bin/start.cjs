#!/usr/bin/env node
// `npm start` (after `prestart` made sure the engine answers): prepare what the control API needs,
// then run it in this process.
//
// Preparing (the image kit, then `lab build`) runs through tsx, which compiles the CLI's TypeScript
// at every start: seconds even when nothing changed. So the outcome of a successful preparation is
// recorded with the content hash of everything it depends on and the ids of the images it made
// ready; a start whose inputs hash the same and whose images are still those (one local engine
// call each) skips the CLI altogether. Anything else (an edited file, a rebuilt or removed image,
// another LAB_IMAGE_KIT or LAB_IMAGE_MODE, an engine that does not answer) prepares as before.
// Plain CommonJS on purpose: it must start in milliseconds, before anything is built.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { request } = require('node:http');
const { dirname, join, resolve, sep } = require('node:path');
const { enableCompileCache } = require('./compile-cache.cjs');

const root = resolve(__dirname, '..');
/** Beside the build hashes of `lab build` (apps/lab-cli/src/build/build-targets.ts). */
const RECORD = join(root, 'dist', '.build-inputs', 'prepared.json');
const API_BUNDLE = join(root, 'dist', 'apps', 'control-api', 'main.js');
const COMPILE_CACHE = join(root, 'dist', '.compile-cache');
/** What `lab build` must have produced. */
const OUTPUTS = [API_BUNDLE, join(root, 'dist', 'web', 'index.html')];
/** Everything the image kit and the builds read: sources, recipes, examples, packages, settings. */
const INPUTS = [
  'apps',
  'libs',
  'examples',
  'docker',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'nest-cli.json',
  'webpack.config.js',
];
const NEVER_INPUT = new Set(['node_modules', 'dist', '.git']);
/** The settings the preparation reads besides files (the kit file is hashed too when it lives elsewhere). */
const SETTINGS = ['LAB_IMAGE_KIT', 'LAB_IMAGE_MODE', 'DOCKER_SOCKET'];
const IMAGE_CHECK_TIMEOUT_MS = 2_000;

const log = (line) => process.stderr.write(`[start] ${line}\n`);

function inputsHash() {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\0`);
  for (const name of SETTINGS) hash.update(`${name}=${process.env[name] ?? ''}\0`);
  const kit = process.env.LAB_IMAGE_KIT;
  const paths = kit ? [...INPUTS, kit] : INPUTS;
  for (const path of paths) {
    const absolute = resolve(root, path);
    if (!existsSync(absolute)) {
      hash.update(`missing ${path}\0`);
      continue;
    }
    addFiles(hash, absolute);
  }
  return hash.digest('hex');
}

function addFiles(hash, path) {
  if (!statSync(path).isDirectory()) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (!NEVER_INPUT.has(entry)) addFiles(hash, join(path, entry));
  }
}

/** The id of a local image, or undefined (absent, or the engine does not answer in time). */
function imageId(reference) {
  return new Promise((done) => {
    const call = request(
      {
        socketPath: process.env.DOCKER_SOCKET || '/var/run/docker.sock',
        path: `/images/${encodeURIComponent(reference)}/json`,
        timeout: IMAGE_CHECK_TIMEOUT_MS,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          try {
            done(response.statusCode === 200 ? JSON.parse(body).Id : undefined);
          } catch {
            done(undefined);
          }
        });
      },
    );
    call.on('timeout', () => call.destroy());
    call.on('error', () => done(undefined));
    call.end();
  });
}

async function stillPrepared(hash) {
  if (!existsSync(RECORD) || !OUTPUTS.every((output) => existsSync(output))) return false;
  let record;
  try {
    record = JSON.parse(readFileSync(RECORD, 'utf8'));
  } catch {
    return false;
  }
  if (record.hash !== hash || !Array.isArray(record.images)) return false;
  const ids = await Promise.all(record.images.map((image) => imageId(image.reference)));
  return record.images.every((image, index) => ids[index] === image.id);
}

function lab(args) {
  // As the npm scripts run the CLI: tsx's own command line (which maps tsconfig.json's paths).
  const cli = [require.resolve('tsx/cli'), join(root, 'apps', 'lab-cli', 'src', 'main.ts')];
  const result = spawnSync(process.execPath, [...cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function prepare() {
  const started = performance.now();
  const hash = inputsHash();
  if (await stillPrepared(hash)) {
    log(`images and builds unchanged (checked in ${Math.round(performance.now() - started)} ms)`);
    return;
  }
  // A failed preparation must not leave the old record behind.
  rmSync(RECORD, { force: true });
  const imagesFile = `${RECORD}.images`;
  mkdirSync(dirname(RECORD), { recursive: true });
  lab(['images', '--record', imagesFile]);
  lab(['build']);
  const images = JSON.parse(readFileSync(imagesFile, 'utf8'));
  rmSync(imagesFile, { force: true });
  // The hash taken before preparing: a file changed meanwhile makes the next start prepare again.
  writeFileSync(RECORD, `${JSON.stringify({ hash, images }, null, 2)}\n`);
  log(`prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

prepare().then(
  () => {
    // The API's packages and bundle compiled once, not at every start (see compile-cache.cjs).
    const saveNow = enableCompileCache(
      COMPILE_CACHE,
      (file) => file.includes(`${sep}node_modules${sep}`) || file === API_BUNDLE,
    );
    require(API_BUNDLE);
    // The bundle's modules have loaded (the app starts asynchronously from here): a new bundle's
    // code is cached now, not only if this start runs for 10 s (a few hundred ms, once per build).
    saveNow();
  },
  (error) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
