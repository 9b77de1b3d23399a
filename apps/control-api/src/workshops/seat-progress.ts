import { Catalog, runLabCheck } from '@lab/catalog';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CATALOG } from '../examples/catalog.provider';
import { SandboxesFacade } from '../sandboxes/sandboxes.facade';
import { SeatRecord, StepProgress } from './workshop.record';
import { WorkshopEvents } from './workshop-events';
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
    private readonly sandboxes: SandboxesFacade,
    private readonly events: WorkshopEvents,
  ) {}

  async evaluate(example: string, seats: SeatRecord[]): Promise<void> {
    const manifest = this.catalog.examples.find((candidate) => candidate.name === example);
    const steps = manifest?.lab?.steps ?? [];
    if (!manifest || steps.length === 0) return;
    await Promise.all(
      seats.map(async (seat) => {
        const sandbox = await this.sandboxes.find(seat.sandboxId);
        if (!sandbox || sandbox.state !== 'ready') return;
        const target = this.sandboxes.labTarget(sandbox, manifest);
        const progress: StepProgress[] = [];
        for (const step of steps)
          progress.push({ id: step.id, passed: (await runLabCheck(step.check, target)).passed });
        const now = new Date();
        const changed = JSON.stringify(progress) !== JSON.stringify(seat.progress);
        await this.workshops.saveProgress(seat.workshopId, seat.seat, progress, now);
        this.events.publish(seat.workshopId, 'progress', seat.seat);
        if (changed && seat.progress !== null && seat.studentName !== null) {
          await this.sandboxes.noteActivity(sandbox.id, now);
        }
      }),
    ).catch((error: unknown) => this.logger.warn(`progress of ${example}: ${String(error)}`));
  }
}
