import { ProblemException, problemType } from '@lab/http-problems';
import { DockerCallError, reasonOf, type SandboxRuntime } from '@lab/runtime';
import { CanActivate, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SANDBOX_RUNTIME } from './runtime.tokens';

/**
 * How long a probe may wait for the engine before it counts as down. Ordinary calls wait up to
 * LAB_DOCKER_TIMEOUT_MS (15 s), but a health check or a launch must answer quickly, never hang,
 * while the engine is restarting: a starting dockerd accepts connections before it answers them.
 */
export const ENGINE_PROBE_TIMEOUT_MS = 2_000;

/** Seconds a client should wait before trying again while the engine is down (a restart takes a few). */
const RETRY_AFTER_SECONDS = 5;

export class EngineUnavailableException extends ProblemException {
  constructor() {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'The Docker engine that runs the sandboxes does not answer at the moment; try again in a few seconds.',
      {
        type: problemType('engine-unavailable'),
        title: 'Sandbox engine unavailable',
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      },
    );
  }
}

/** Whether the engine behind the runtime port answers, asked with a short budget. */
@Injectable()
export class EngineAvailability {
  constructor(@Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime) {}

  /** Undefined when the engine answers a ping in time, otherwise why it does not. */
  async problem(): Promise<string | undefined> {
    try {
      await this.runtime.ping({ timeoutMs: ENGINE_PROBE_TIMEOUT_MS });
      return undefined;
    } catch (error) {
      return reasonOf(error);
    }
  }
}

/**
 * For routes that start work on the engine (a launch): while it is down they answer 503 with
 * Retry-After at once, instead of accepting work that can only fail.
 */
@Injectable()
export class EngineAvailableGuard implements CanActivate {
  constructor(private readonly engine: EngineAvailability) {}

  async canActivate(): Promise<boolean> {
    if (await this.engine.problem()) throw new EngineUnavailableException();
    return true;
  }
}

/**
 * For the exception filter: an engine call that got no answer at all (no socket, connection
 * refused or reset, timed out) is the engine being down, a 503 the client can retry, not a 500.
 * Calls the engine answered (404, 409…) are left to the caller's own handling.
 */
export function translateEngineErrors(exception: unknown): unknown {
  if (exception instanceof DockerCallError && exception.statusCode === undefined) {
    return new EngineUnavailableException();
  }
  return exception;
}
