import {
  runConsoleQuery,
  type ConsoleQuery,
  type ConsoleResult,
  type EngineName,
  type QueryLimits,
} from '@lab/engines';
import { createTestLab, type TestLab } from '../../support/lab-runtime';
import { MiB } from '../../support/peak-rss';

/** The limits every engine console spec runs with (specs spread them to tighten one). */
export const consoleLimits: QueryLimits = { timeoutMs: 5_000, maxRows: 1_000, maxBytes: MiB };

/** What a start function gives back: a connection URL, or a URL with its own way to go away. */
export type StartedEngine = string | { url: string; close(): Promise<void> };

export interface EngineConsole {
  /** The student's connection URL; read it inside tests (it is set in beforeAll). */
  readonly url: string;
  run(statement: string, extra?: Partial<ConsoleQuery>): Promise<ConsoleResult>;
}

/**
 * The shared frame of an engine console spec: call it at the top of a `describe`. It registers the
 * beforeAll that starts the engine in a fresh test lab and the afterAll that runs `cleanup` (e.g. a
 * drop of the run's own collection), closes what `start` opened and reaps the lab.
 */
export function consoleOn(
  engine: EngineName,
  start: (lab: TestLab) => Promise<StartedEngine>,
  options: { cleanup?: (engine: EngineConsole) => Promise<unknown> } = {},
): EngineConsole {
  const lab = createTestLab();
  let started: { url: string; close?: () => Promise<void> } | undefined;
  const engineConsole: EngineConsole = {
    get url() {
      if (!started) throw new Error(`the ${engine} console is not started yet (read url inside a test)`);
      return started.url;
    },
    run: (statement, extra = {}) =>
      runConsoleQuery(engine, engineConsole.url, { statement, limits: consoleLimits, ...extra }),
  };

  beforeAll(async () => {
    const result = await start(lab);
    started = typeof result === 'string' ? { url: result } : result;
  });
  afterAll(async () => {
    if (started) {
      await options.cleanup?.(engineConsole);
      await started.close?.();
    }
    await lab.reap();
  });
  return engineConsole;
}
