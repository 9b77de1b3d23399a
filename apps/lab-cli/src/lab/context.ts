import { createLabClient, LabApiError, LabClient } from '@lab/api-client';
import type { Command } from 'commander';
import { Credentials, loadCredentials } from './credentials';
import { CliError, ExitCode, exitCodeFor } from './exit-codes';

/** How long a plain API call may take before `lab` gives up (streams are not bounded). */
const REQUEST_TIMEOUT_MS = 30_000;

/** What every command gets: the output mode, the terminals, and the API client of the stored login. */
export class LabContext {
  readonly json: boolean;
  readonly stdout = process.stdout;
  readonly stderr = process.stderr;

  constructor(command: Command) {
    this.json = Boolean((command.optsWithGlobals() as { json?: boolean }).json);
  }

  /** Spinners and colours only on a terminal, never in JSON mode. */
  get interactive(): boolean {
    return !this.json && Boolean(this.stderr.isTTY);
  }

  credentials(): Credentials {
    return loadCredentials();
  }

  /** The typed client with the stored token; `stream: true` for SSE routes (no overall timeout). */
  api(options: { stream?: boolean } = {}): LabClient {
    const { url, token } = this.credentials();
    return clientFor(url, token, options.stream ? undefined : REQUEST_TIMEOUT_MS);
  }

  /** Machine output: one JSON document on stdout. */
  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  print(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Progress and hints go to stderr so stdout stays the result. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }
}

/** The typed client for `url`, turning "nobody answers" into a clear CliError (exit 1). */
export function clientFor(url: string, token: string | undefined, timeoutMs: number | undefined): LabClient {
  return createLabClient({
    baseUrl: url,
    ...(token === undefined ? {} : { token }),
    fetch: async (request: Request) => {
      try {
        return await fetch(request, timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw unreachable(url, error, timeoutMs);
      }
    },
  });
}

function unreachable(url: string, error: unknown, timeoutMs: number | undefined): CliError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new CliError(`the control API at ${url} did not answer within ${(timeoutMs ?? 0) / 1000} s`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot reach the control API at ${url} (${why}); is it running? (\`lab login --url\` sets it)`);
}

/**
 * Runs a command's action and turns what it throws into the documented exit code and message:
 * the problem's title and detail on stderr (as JSON in `--json` mode).
 */
export function action<O = Record<string, never>, A extends unknown[] = string[]>(
  body: (ctx: LabContext, options: O, ...args: A) => Promise<ExitCode | number | void>,
): (...args: unknown[]) => Promise<void> {
  // Commander calls an action with the arguments, then the options, then the command.
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = args[args.length - 2] as O;
    const ctx = new LabContext(command);
    try {
      process.exitCode = (await body(ctx, options, ...(args.slice(0, -2) as A))) ?? ExitCode.ok;
    } catch (error) {
      process.exitCode = exitCodeFor(error);
      reportError(ctx, error);
    }
  };
}

function reportError(ctx: LabContext, error: unknown): void {
  if (error instanceof LabApiError) {
    const problem = error.problem;
    const hint = error.status === 401 ? ' (run `lab login` again)' : '';
    if (ctx.json) {
      ctx.stderr.write(`${JSON.stringify({ error: problem ?? { status: error.status, body: error.body } })}\n`);
    } else if (problem) {
      ctx.stderr.write(`lab: ${problem.title}: ${problem.detail}${hint}\n`);
      for (const field of problem.errors ?? []) ctx.stderr.write(`  ${field.path}: ${field.message}\n`);
    } else {
      ctx.stderr.write(`lab: the API answered ${error.status}${hint}\n`);
    }
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (ctx.json) ctx.stderr.write(`${JSON.stringify({ error: { title: message } })}\n`);
  else ctx.stderr.write(`lab: ${message}\n`);
}
