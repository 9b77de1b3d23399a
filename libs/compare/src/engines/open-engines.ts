import type { CompareEngine } from '../engine';
import { COMPARE_ENGINES, type CompareEngineName } from './registry';

/** A sandbox's engine connections: its engine kind (`@lab/engines`' name) and the URL to reach it. */
export interface EngineEndpoint {
  engine: string;
  url: string;
}

export class EngineNotInSandboxError extends Error {
  constructor(readonly engine: string) {
    super(
      `the sandbox has no ${COMPARE_ENGINES[engine as CompareEngineName]?.engine ?? engine} service for "${engine}"`,
    );
    this.name = 'EngineNotInSandboxError';
  }
}

/** Which compare engines a sandbox can run: each whose kind of service it has. */
export function availableEngines(endpoints: readonly EngineEndpoint[]): CompareEngineName[] {
  const kinds = new Set(endpoints.map((e) => e.engine));
  return (Object.keys(COMPARE_ENGINES) as CompareEngineName[]).filter((name) =>
    kinds.has(COMPARE_ENGINES[name].engine),
  );
}

/**
 * Opens the named engines on a sandbox's services, in the order given (the order they are timed).
 * Closes what it opened when one fails.
 */
export async function openEngines(
  names: readonly CompareEngineName[],
  endpoints: readonly EngineEndpoint[],
  poolSize = 8,
): Promise<CompareEngine[]> {
  const opened: CompareEngine[] = [];
  try {
    for (const name of names) {
      const { engine, open } = COMPARE_ENGINES[name];
      const endpoint = endpoints.find((e) => e.engine === engine);
      if (!endpoint) throw new EngineNotInSandboxError(name);
      opened.push(await open(endpoint.url, poolSize));
    }
    return opened;
  } catch (error) {
    await Promise.all(opened.map((e) => e.close().catch(() => undefined)));
    throw error;
  }
}
