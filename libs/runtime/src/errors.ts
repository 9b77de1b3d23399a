/**
 * Errors of the runtime library. They say which sandbox, which service and which step failed,
 * and never carry a secret (messages are built from names, not from env values).
 */

export interface SpecIssue {
  path: string;
  message: string;
}

export class SpecValidationError extends Error {
  override readonly name = 'SpecValidationError';
  constructor(readonly issues: SpecIssue[]) {
    super(`invalid sandbox spec: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

export type ProvisionStep = 'image' | 'network' | 'volume' | 'create' | 'start' | 'readiness' | 'inspect';

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  constructor(
    readonly sandboxId: string,
    readonly service: string | undefined,
    readonly step: ProvisionStep,
    reason: string,
  ) {
    super(`sandbox ${sandboxId}${service ? `, service "${service}"` : ''}: ${step} failed: ${reason}`);
  }
}

export class DockerCallError extends Error {
  override readonly name = 'DockerCallError';
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    reason: string,
  ) {
    super(`docker ${operation} failed: ${reason}`);
  }
}

export class DockerTimeoutError extends DockerCallError {
  constructor(operation: string, timeoutMs: number) {
    super(operation, undefined, `no answer within ${timeoutMs} ms`);
  }
}

export class ImageNotAvailableError extends Error {
  override readonly name = 'ImageNotAvailableError';
  constructor(
    readonly imageKey: string,
    reason: string,
  ) {
    super(`image "${imageKey}" is not available: ${reason}`);
  }
}

export class ReadinessTimeoutError extends Error {
  override readonly name = 'ReadinessTimeoutError';
  constructor(timeoutMs: number, lastFailure: string) {
    super(`not ready within ${timeoutMs} ms (last probe: ${lastFailure})`);
  }
}

/** A short, single-line reason suitable for a status field. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
