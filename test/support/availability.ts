import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { MongoSource } from './availability-decision';

export type { MongoSource } from './availability-decision';

/**
 * What this machine offers the tests, known before jest collects them: a skip must be declared
 * while the file is loaded (a conditional `it`/`describe` with the reason in its title), and
 * asking the engine is asynchronous, so a child process asks and this waits for its answer.
 * Any error but a named missing thing makes the probe fail, and with it the test file.
 */
export interface Availability {
  /** For the MongoDB lessons: `MONGO_URL`, else the kit's image, else a skip. */
  mongo: MongoSource;
  /** For tests of the image itself: `MONGO_URL` does not stand in for it. */
  mongoImage: MongoSource;
  /** For the Swarm adapter's tests: a skip only when the engine is a swarm worker (never made a manager here). */
  swarm: { usable: true } | { usable: false; why: string };
}

let cached: Availability | undefined;

export function availability(): Availability {
  cached ??= probeAvailability();
  return cached;
}

/** Asks the engine in a child process (`env`: the test run's environment unless given). */
export function probeAvailability(env: NodeJS.ProcessEnv | undefined = undefined): Availability {
  const tsx = require.resolve('tsx/cli');
  let output: string;
  try {
    output = execFileSync(process.execPath, [tsx, join(__dirname, 'availability-probe.ts')], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(env ? { env } : {}),
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`cannot tell what this machine offers the tests: ${stderr || String(error)}`, { cause: error });
  }
  return JSON.parse(output) as Availability;
}

/** The title suffix of a test skipped for `source`, empty when it runs. */
export function skipTitle(source: MongoSource): string {
  return source.kind === 'skip' ? ` (skipped: ${source.reason})` : '';
}
