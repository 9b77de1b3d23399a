import type { Logger } from '@nestjs/common';
import { ProvisionError, ProvisionStep, reasonOf } from './errors';
import { LABEL } from './labels';
import type { LogLine, ProvisionedSandbox, ProvisionOptions, ProvisionProgress } from './sandbox-runtime.port';

/**
 * The pieces both adapters' provisioners share: how a failed step is named, how progress is told,
 * when an object found under a sandbox's name may be adopted, and how an exited container is
 * described. Only where the objects live (containers or Swarm services) differs between them.
 */

/** Runs one step; any failure becomes a ProvisionError naming the sandbox, service and step. */
export async function provisionStep<T>(
  sandboxId: string,
  service: string | undefined,
  step: ProvisionStep,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ProvisionError) throw error;
    throw new ProvisionError(sandboxId, service, step, reasonOf(error));
  }
}

/** Tells the caller's `onProgress` (if any) what one service of the sandbox has just done. */
export function reportProgress(
  { sandboxId, options }: { sandboxId: string; options: ProvisionOptions },
  service: string | undefined,
  step: ProvisionProgress['step'],
  message: string,
): void {
  options.onProgress?.({ sandboxId, service, step, message });
}

/** An object under a sandbox's deterministic name that is not labelled as its own is never adopted. */
export function assertOwnedBy(labels: Record<string, string>, sandboxId: string, what: string): void {
  if (labels[LABEL.sandbox] !== sandboxId || labels[LABEL.managed] !== 'true') {
    throw new Error(`${what} exists but does not belong to sandbox ${sandboxId}; refusing to adopt it`);
  }
}

/** "the container exited with code N: <its last lines>", short enough for a state's reason. */
export async function exitedSummary(exitCode: number, lastLogLines: Promise<LogLine[]>): Promise<string> {
  const lastLines = (await lastLogLines.catch(() => []))
    .map((l) => l.text)
    .join(' | ')
    .slice(0, 200);
  return `the container exited with code ${exitCode}${lastLines ? `: ${lastLines}` : ''}`;
}

/**
 * A half-made sandbox is worse than none: when provisioning fails, every trace is removed, then
 * the first cause is reported (as a ProvisionError).
 */
export async function provisionOrRemove(
  sandboxId: string,
  provision: () => Promise<ProvisionedSandbox>,
  remove: () => Promise<void>,
  logger: Logger,
): Promise<ProvisionedSandbox> {
  try {
    return await provision();
  } catch (error) {
    await remove().catch((cleanup: unknown) =>
      logger.warn(`sandbox ${sandboxId}: cleanup after failed provisioning failed: ${reasonOf(cleanup)}`),
    );
    throw error instanceof ProvisionError ? error : new ProvisionError(sandboxId, undefined, 'create', reasonOf(error));
  }
}
