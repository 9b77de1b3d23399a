import { LabConfig } from '@lab/config';
import {
  AnswerMismatchError,
  availableEngines,
  comparisonCsv,
  comparisonMarkdown,
  InvalidWorkloadError,
  openEngines,
  parseWorkload,
  runComparison,
  validateWorkload,
  type CompareEngine,
  type CompareEngineName,
  type ComparisonResult,
  type Workload,
} from '@lab/compare';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../access/access-token.verifier';
import { LAB_CONFIG } from '../config.provider';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import type { ComparisonRecord, ComparisonState } from './comparison.record';
import { ComparisonEvent, ComparisonRuns } from './comparison-runs';
import {
  ComparisonBusyException,
  ComparisonNotFinishedException,
  ComparisonNotFoundException,
  ComparisonSandboxNotReadyException,
  InvalidComparisonException,
} from './comparison.errors';
import { ComparisonDto, CreateComparisonDto, WorkloadDto } from './comparison.dto';
import { ComparisonsRepository } from './comparisons.repository';
import { Observable, of } from 'rxjs';

/** How long DELETE waits for a cancelled run to stop (a run checks its signal between operations). */
const CANCEL_WAIT_MS = 10_000;
const WORKLOAD_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Comparisons: one workload on a sandbox's engines, run in this process (one client for all
 * engines, engines one after another), answers checked against the seed first. The owner (and
 * admins) see a comparison; anyone else gets the same 404 as for one that does not exist.
 */
@Injectable()
export class ComparisonsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ComparisonsService.name);

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly sandboxes: SandboxesFacade,
    private readonly repository: ComparisonsRepository,
    private readonly runs: ComparisonRuns,
  ) {}

  async onModuleInit(): Promise<void> {
    const interrupted = await this.repository.failInterrupted();
    if (interrupted > 0) this.logger.warn(`${interrupted} comparison(s) interrupted by a restart marked failed`);
  }

  onApplicationShutdown(): void {
    this.runs.cancelAll();
  }

  async start(principal: Principal, body: CreateComparisonDto): Promise<ComparisonDto> {
    const sandbox = await this.sandboxes.view(principal, body.sandbox);
    if (sandbox.state !== 'ready') throw new ComparisonSandboxNotReadyException(sandbox.id, sandbox.state);
    const workload = this.withOverrides(this.resolveWorkload(sandbox.example, body.workload), body);
    const endpoints = sandbox.services.map((s) => ({ engine: s.engine, url: s.url }));
    const offered = availableEngines(endpoints);
    const engines = (body.engines ?? offered) as CompareEngineName[];
    const missing = engines.filter((e) => !offered.includes(e));
    if (missing.length > 0 || engines.length === 0) {
      throw new InvalidComparisonException(
        `This sandbox cannot run ${missing.join(', ') || 'any engine'}; it offers: ${offered.join(', ') || 'none'}.`,
      );
    }
    const id = randomUUID();
    const claim = this.runs.claim(id, principal.userId, this.config.compare.maxRunning);
    if (!claim.ok)
      throw new ComparisonBusyException(claim.reason, Math.ceil(expectedSeconds(workload, engines.length)));
    const record: ComparisonRecord = {
      id,
      userId: principal.userId,
      sandboxId: sandbox.id,
      request: { workload, engines },
      state: 'running',
      error: null,
      result: null,
      createdAt: new Date(),
      finishedAt: null,
    };
    try {
      await this.repository.insert(record);
    } catch (error) {
      this.runs.release(id, 'failed');
      throw error;
    }
    const secrets = sandbox.services.flatMap((s) => (s.password ? [s.password] : []));
    void this.execute(record, endpoints, engines, claim.signal, secrets);
    return this.toDto(record);
  }

  /** Every example's workloads (`examples/<example>/workloads/*.yaml`), by example then name. */
  workloads(): WorkloadDto[] {
    const root = this.config.examplesDir;
    const examples = existsSync(root) ? readdirSync(root).sort() : [];
    return examples.flatMap((example) =>
      this.workloadNames(example).flatMap((name): WorkloadDto[] => {
        try {
          const w = parseWorkload(readFileSync(join(root, example, 'workloads', `${name}.yaml`), 'utf8'));
          return [
            {
              example,
              name,
              ...(w.description ? { description: w.description } : {}),
              ...(w.mix ? { mix: w.mix } : {}),
              operations: w.operations,
              keys: w.keys,
              rate: w.rate,
              durationSeconds: w.durationSeconds,
              warmupSeconds: w.warmupSeconds,
              concurrency: w.concurrency,
              repetitions: w.repetitions,
            },
          ];
        } catch (error) {
          // A broken file is the example's problem (its own test says so); list the others.
          this.logger.warn(`workload ${example}/${name}: ${(error as Error).message.slice(0, 300)}`);
          return [];
        }
      }),
    );
  }

  async get(principal: Principal, id: string): Promise<ComparisonDto> {
    return this.toDto(await this.visible(principal, id));
  }

  async list(principal: Principal): Promise<ComparisonDto[]> {
    const records = await this.repository.listFor(principal.role === 'admin' ? undefined : principal.userId);
    return records.map((r) => this.toDto(r));
  }

  /** Progress while it runs, then its final state; a finished one answers its state at once. */
  async events(principal: Principal, id: string): Promise<Observable<ComparisonEvent>> {
    const record = await this.visible(principal, id);
    const live = this.runs.events(id);
    if (live) return live;
    return of({ type: 'state', data: { state: record.state, ...(record.error ? { error: record.error } : {}) } });
  }

  async report(principal: Principal, id: string, format: 'md' | 'json' | 'csv'): Promise<string> {
    const record = await this.visible(principal, id);
    if (record.state !== 'succeeded' || !record.result) throw new ComparisonNotFinishedException(id, record.state);
    if (format === 'md') return comparisonMarkdown(record.result);
    if (format === 'csv') return comparisonCsv(record.result);
    return JSON.stringify(record.result, null, 2);
  }

  /** Cancels it if it runs (waiting briefly for its slot to be free), then forgets it. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.visible(principal, id);
    await this.runs.cancel(id, CANCEL_WAIT_MS);
    await this.repository.delete(id);
  }

  private async visible(principal: Principal, id: string): Promise<ComparisonRecord> {
    const record = await this.repository.findById(id);
    if (!record || (record.userId !== principal.userId && principal.role !== 'admin')) {
      throw new ComparisonNotFoundException(id);
    }
    return record;
  }

  private async execute(
    record: ComparisonRecord,
    endpoints: { engine: string; url: string }[],
    names: CompareEngineName[],
    signal: AbortSignal,
    secrets: string[],
  ): Promise<void> {
    let engines: CompareEngine[] = [];
    let outcome: { state: ComparisonState; error: string | null; result: ComparisonResult | null };
    try {
      engines = await openEngines(names, endpoints, record.request.workload.concurrency);
      const result = await runComparison({
        workload: record.request.workload,
        engines,
        signal,
        onProgress: (progress) => this.runs.progress(record.id, progress),
      });
      outcome = signal.aborted
        ? { state: 'cancelled', error: null, result: null }
        : { state: 'succeeded', error: null, result };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = signal.aborted
        ? { state: 'cancelled', error: null, result: null }
        : { state: 'failed', error: redact(message, secrets).slice(0, 20_000), result: null };
      if (!(error instanceof AnswerMismatchError) && !signal.aborted) {
        this.logger.warn(
          `comparison ${record.id} on ${record.sandboxId} failed: ${redact(message, secrets).slice(0, 300)}`,
        );
      }
    } finally {
      await Promise.all(engines.map((e) => e.close().catch(() => undefined)));
    }
    try {
      await this.repository.finish(record.id, outcome);
    } catch (error) {
      this.logger.error(`comparison ${record.id}: could not record its end: ${(error as Error).message}`);
    } finally {
      this.runs.release(record.id, outcome.state, outcome.error ?? undefined);
    }
  }

  /** A name of the example's workloads, or an object validated like one. */
  private resolveWorkload(example: string, input: unknown): Workload {
    try {
      if (typeof input === 'string') {
        const dir = join(this.config.examplesDir, example, 'workloads');
        const known = this.workloadNames(example);
        if (!WORKLOAD_NAME.test(input) || !known.includes(input)) {
          throw new InvalidComparisonException(
            `No workload "${input.slice(0, 64)}" in example "${example}"; known: ${known.join(', ') || 'none'}.`,
          );
        }
        return parseWorkload(readFileSync(join(dir, `${input}.yaml`), 'utf8'));
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new InvalidComparisonException('`workload` must be a workload name or a workload object.');
      }
      return validateWorkload(input);
    } catch (error) {
      if (error instanceof InvalidWorkloadError) {
        throw new InvalidComparisonException(
          'The workload is not valid.',
          error.problems.map((p) => ({ ...p, path: `workload.${p.path}`.replace(/\.$/, '') })),
        );
      }
      throw error;
    }
  }

  /** The names of an example's workload files, sorted; none when it has no `workloads/`. */
  private workloadNames(example: string): string[] {
    const dir = join(this.config.examplesDir, example, 'workloads');
    if (!WORKLOAD_NAME.test(example) || !existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && WORKLOAD_NAME.test(f.slice(0, -5)))
      .map((f) => f.slice(0, -5))
      .sort();
  }

  private withOverrides(workload: Workload, body: CreateComparisonDto): Workload {
    const { maxRate, maxDurationSeconds } = this.config.compare;
    const result = {
      ...workload,
      ...(body.rate !== undefined ? { rate: body.rate } : {}),
      ...(body.durationSeconds !== undefined ? { durationSeconds: body.durationSeconds } : {}),
    };
    const problems = [];
    if (result.rate > maxRate) problems.push({ path: 'rate', message: `at most ${maxRate} (LAB_COMPARE_MAX_RATE)` });
    if (result.durationSeconds > maxDurationSeconds) {
      problems.push({
        path: 'durationSeconds',
        message: `at most ${maxDurationSeconds} (LAB_COMPARE_MAX_DURATION_SECONDS)`,
      });
    }
    if (problems.length > 0) throw new InvalidComparisonException('The comparison asks for too much.', problems);
    return result;
  }

  private toDto(record: ComparisonRecord): ComparisonDto {
    const { workload, engines } = record.request;
    const progress = record.state === 'running' ? this.runs.latest(record.id) : undefined;
    return {
      id: record.id,
      sandboxId: record.sandboxId,
      workload: workload.name,
      engines,
      rate: workload.rate,
      durationSeconds: workload.durationSeconds,
      repetitions: workload.repetitions,
      state: record.state,
      ...(record.error ? { error: record.error } : {}),
      ...(record.result ? { unreliable: record.result.unreliable } : {}),
      ...(progress ? { progress } : {}),
      ...(record.result
        ? {
            results: record.result.engines.map((e) => ({
              ...e,
              statements: e.statements as Record<string, string>,
              // Results stored before plans existed have none.
              plans: (e as { plans?: typeof e.plans }).plans ?? [],
            })),
          }
        : {}),
      createdAt: record.createdAt.toISOString(),
      ...(record.finishedAt ? { finishedAt: record.finishedAt.toISOString() } : {}),
    };
  }
}

function expectedSeconds(workload: Workload, engines: number): number {
  return engines * workload.repetitions * (workload.warmupSeconds + workload.durationSeconds);
}

/** Driver messages may quote a connection string: never let a sandbox password into a response or a log. */
function redact(message: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => (secret ? text.split(secret).join('…') : text), message);
}
