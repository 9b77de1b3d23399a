import { LabConfig } from '@lab/config';
import {
  ConsoleResult,
  EngineStatementError,
  isEngineName,
  QueryTimedOut,
  runConsoleQuery,
  StatementRejected,
} from '@lab/engines';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../access/access-token.verifier';
import { LAB_CONFIG } from '../config.provider';
import { SandboxesService } from '../sandboxes/sandboxes.service';
import { ConsoleHistoryRepository } from './console-history.repository';
import {
  SandboxNotReadyException,
  ServiceNotQueryableException,
  StatementFailedException,
  StatementRejectedException,
  UnknownServiceException,
} from './console.errors';
import { ConsoleHistoryEntryDto, ConsoleQueryDto, ConsoleResultDto } from './query.dto';

/**
 * The query console: one statement on one of the sandbox's databases, as the student's own role
 * (the connection URL the student was given), within LAB_QUERY_* limits the engine enforces.
 * Every statement, run or refused, goes into the sandbox's history.
 */
@Injectable()
export class QueryConsoleService {
  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly sandboxes: SandboxesService,
    private readonly history: ConsoleHistoryRepository,
  ) {}

  async run(principal: Principal, sandboxId: string, query: ConsoleQueryDto): Promise<ConsoleResultDto> {
    const sandbox = await this.sandboxes.get(principal, sandboxId);
    if (sandbox.state !== 'ready') throw new SandboxNotReadyException(sandboxId, sandbox.state);
    const queryable = sandbox.services.filter((service) => isEngineName(service.engine));
    const service = sandbox.services.find((candidate) => candidate.name === query.service);
    if (!service)
      throw new UnknownServiceException(
        query.service,
        sandbox.services.map((s) => s.name),
      );
    const engine = service.engine;
    if (!isEngineName(engine)) {
      throw new ServiceNotQueryableException(
        service.name,
        engine,
        queryable.map((s) => s.name),
      );
    }
    const { timeoutMs, maxRows, maxBytes } = this.config.console;
    const started = performance.now();
    const entry = { sandboxId, userId: principal.userId, service: service.name, statement: query.statement };
    let result: ConsoleResult;
    try {
      result = await runConsoleQuery(engine, service.url, {
        statement: query.statement,
        ...(query.explain ? { explain: query.explain } : {}),
        limits: { timeoutMs, maxRows, maxBytes },
      });
    } catch (error) {
      const problem = toProblem(error);
      await this.history.append({
        ...entry,
        ok: false,
        error: problem.message,
        rowCount: null,
        durationMs: performance.now() - started,
        ranAt: new Date(),
      });
      throw problem;
    }
    await this.history.append({
      ...entry,
      ok: true,
      error: null,
      rowCount: result.rowCount,
      durationMs: result.durationMs,
      ranAt: new Date(),
    });
    return {
      columns: result.columns,
      rows: result.rows,
      rowCount: result.rowCount,
      truncated: result.truncated,
      durationMs: result.durationMs,
      ...(result.notices && result.notices.length > 0 ? { notices: result.notices } : {}),
      ...(result.plan !== undefined ? { plan: result.plan } : {}),
    };
  }

  async latest(principal: Principal, sandboxId: string): Promise<ConsoleHistoryEntryDto[]> {
    await this.sandboxes.visible(principal, sandboxId);
    return (await this.history.latest(sandboxId)).map((record) => ({
      id: record.id,
      userId: record.userId,
      service: record.service,
      statement: record.statement,
      ok: record.ok,
      ...(record.error !== null ? { error: record.error } : {}),
      ...(record.rowCount !== null ? { rowCount: record.rowCount } : {}),
      durationMs: record.durationMs,
      ranAt: record.ranAt.toISOString(),
    }));
  }
}

/** The engine library's errors as problems; anything else is a bug (500, logged by the filter). */
function toProblem(error: unknown): Error {
  if (error instanceof StatementRejected) return new StatementRejectedException(error.message);
  if (error instanceof EngineStatementError) {
    return new StatementFailedException(error.message, {
      code: error.code,
      position: error.position,
      timedOut: error instanceof QueryTimedOut,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
