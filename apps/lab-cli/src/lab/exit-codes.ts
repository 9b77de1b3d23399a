import { LabApiError } from '@lab/api-client';

/** The documented exit codes of `lab` (README, "The `lab` command"). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  notFound: 3,
  refused: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Problem types that mean "a quota or limit said no" whatever their status: the API answers 429 for
 * quotas and rates, but a full workshop is a 409. Matched by slug so this stays free of Nest code.
 */
const REFUSAL_SLUGS = ['quota-exceeded', 'rate-limited', 'too-many-streams', 'workshop-full'];

/** The exit code for an API answer with `status` (and the problem's `type`, when it sent one). */
export function exitCodeForStatus(status: number, problemType?: string): ExitCode {
  if (status === 404) return ExitCode.notFound;
  if (status === 429) return ExitCode.refused;
  if (problemType !== undefined && REFUSAL_SLUGS.some((slug) => problemType.endsWith(`:problem:${slug}`))) {
    return ExitCode.refused;
  }
  return ExitCode.error;
}

/** A failure of `lab` itself with the exit code it ends with (not logged in, no client installed…). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code of any error a command throws. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof LabApiError) return exitCodeForStatus(error.status, error.problem?.type);
  return ExitCode.error;
}
