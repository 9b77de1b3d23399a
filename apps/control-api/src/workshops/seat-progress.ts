import { Catalog, LabTarget, runLabCheck } from '@lab/catalog';
import { serviceUrl, type SandboxRuntime, type ServiceLocator } from '@lab/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CATALOG } from '../examples/catalog.provider';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { toSandboxDto } from '../sandboxes/sandbox.mapper';
import { SandboxRecord } from '../sandboxes/sandbox.record';
import { SandboxesRepository } from '../sandboxes/sandboxes.repository';
import { SeatRecord, StepProgress } from './workshop.record';
import { WorkshopsRepository } from './workshops.repository';

/**
 * Which lab steps each seat passes, evaluated with the example's own checks against the seat's
 * sandbox (on demand and periodically). A change in progress counts as the student's activity.
 */
@Injectable()
export class SeatProgress {
  private readonly logger = new Logger(SeatProgress.name);

  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly workshops: WorkshopsRepository,
    private readonly sandboxes: SandboxesRepository,
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
  ) {}

  async evaluate(example: string, seats: SeatRecord[]): Promise<void> {
    const manifest = this.catalog.examples.find((candidate) => candidate.name === example);
    const steps = manifest?.lab?.steps ?? [];
    if (!manifest || steps.length === 0) return;
    await Promise.all(
      seats.map(async (seat) => {
        const sandbox = await this.sandboxes.findById(seat.sandboxId);
        if (!sandbox || sandbox.state !== 'ready') return;
        const target = labTarget(sandbox, manifest, this.runtime);
        const progress: StepProgress[] = [];
        for (const step of steps)
          progress.push({ id: step.id, passed: (await runLabCheck(step.check, target)).passed });
        const now = new Date();
        const changed = JSON.stringify(progress) !== JSON.stringify(seat.progress);
        await this.workshops.saveProgress(seat.workshopId, seat.seat, progress, now);
        if (changed && seat.progress !== null && seat.studentName !== null) {
          await this.sandboxes.update(sandbox.id, { lastActivityAt: now }, now);
        }
      }),
    ).catch((error: unknown) => this.logger.warn(`progress of ${example}: ${String(error)}`));
  }
}

/** Where a sandbox's lab checks go: its app's published base URL and its services' connection URLs. */
export function labTarget(
  sandbox: SandboxRecord,
  example: Catalog['examples'][number],
  locator: ServiceLocator,
): LabTarget {
  const connections = Object.fromEntries(toSandboxDto(sandbox, example, locator).services.map((s) => [s.name, s.url]));
  const app = example.app;
  const address = app ? locator.endpoint(sandbox, app.service, app.port) : undefined;
  return { connections, ...(address ? { appUrl: serviceUrl(address) } : {}) };
}
