import { Catalog, LabStep, runLabCheck } from '@lab/catalog';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../access/access-token.verifier';
import { CATALOG } from '../examples/catalog.provider';
import type { SandboxRecord } from '../sandboxes/sandbox.record';
import { SandboxesService } from '../sandboxes/sandboxes.service';
import { labTarget } from '../workshops/seat-progress';
import { WorkshopLab } from '../workshops/workshop-lab';
import { LabNotFoundException, SandboxNotReadyException, StepNotFoundException } from './console.errors';
import { LabCheckResultDto, LabDto } from './lab.dto';
import { LabChecksRepository } from './lab-checks.repository';
import { latestCheckOf, latestResult } from './latest-result';

type Example = Catalog['examples'][number];

/**
 * Lab self-service: a sandbox's guide with its progress, and a student's own check of a step,
 * through the same runner as the workshop leader's board (which then shows the result).
 */
@Injectable()
export class LabGuideService {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly sandboxes: SandboxesService,
    private readonly workshops: WorkshopLab,
    private readonly checks: LabChecksRepository,
  ) {}

  async guide(principal: Principal, sandboxId: string): Promise<LabDto> {
    const { sandbox, steps } = await this.labOf(principal, sandboxId);
    const checks = await this.checks.of(sandboxId);
    const own = new Map(checks.map((check) => [check.stepId, check]));
    const latestOwnCheck = latestCheckOf(checks);
    const seat = sandbox.workshopId ? await this.workshops.progressOf(sandbox.workshopId, sandboxId) : undefined;
    const solutionsVisible = await this.solutionsVisibleTo(principal, sandbox);
    const stepDtos = steps.map((step) => ({
      id: step.id,
      title: step.title,
      instructions: step.instructions,
      hasCheck: true,
      ...latestResult(step.id, own.get(step.id), seat, latestOwnCheck),
      ...(solutionsVisible ? { solution: step.solution as Record<string, unknown>[] } : {}),
    }));
    return {
      sandboxId,
      example: sandbox.example,
      solutionsVisible,
      passed: stepDtos.filter((step) => step.passed).length,
      total: stepDtos.length,
      steps: stepDtos,
    };
  }

  async check(principal: Principal, sandboxId: string, stepId: string): Promise<LabCheckResultDto> {
    const { sandbox, example, steps } = await this.labOf(principal, sandboxId);
    const step = steps.find((candidate) => candidate.id === stepId);
    if (!step)
      throw new StepNotFoundException(
        stepId,
        steps.map((candidate) => candidate.id),
      );
    if (sandbox.state !== 'ready') throw new SandboxNotReadyException(sandboxId, sandbox.state);
    const result = await runLabCheck(step.check, labTarget(sandbox, example));
    const checkedAt = new Date();
    await this.checks.save({ sandboxId, stepId, passed: result.passed, detail: result.detail, checkedAt });
    if (sandbox.workshopId) {
      await this.workshops.recordCheck(
        sandbox.workshopId,
        sandboxId,
        steps.map((candidate) => candidate.id),
        { id: stepId, passed: result.passed },
        checkedAt,
      );
    }
    return { step: stepId, passed: result.passed, detail: result.detail, checkedAt: checkedAt.toISOString() };
  }

  /** 404 for a sandbox the caller may not see (as every sandbox route), or an example without a lab. */
  private async labOf(
    principal: Principal,
    sandboxId: string,
  ): Promise<{ sandbox: SandboxRecord; example: Example; steps: LabStep[] }> {
    const sandbox = await this.sandboxes.visible(principal, sandboxId);
    const example = this.catalog.examples.find((candidate) => candidate.name === sandbox.example);
    const steps = example?.lab?.steps ?? [];
    if (!example || steps.length === 0) throw new LabNotFoundException(sandbox.example);
    return { sandbox, example, steps };
  }

  /**
   * Admins and leaders (who only see their own workshops' seats besides their own sandboxes) always
   * see the solutions: they teach with them. A student only when the leader of their workshop
   * shows them; a student's own sandbox outside a workshop has no leader, so never.
   */
  private async solutionsVisibleTo(principal: Principal, sandbox: SandboxRecord): Promise<boolean> {
    if (principal.role !== 'student') return true;
    return sandbox.workshopId !== null && (await this.workshops.solutionsVisible(sandbox.workshopId));
  }
}
